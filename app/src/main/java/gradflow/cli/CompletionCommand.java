package gradflow.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code gradflow completion bash|zsh}: a shell completion script, from picocli's generator. */
@Command(
    name = "completion",
    header = "Print a shell completion script for bash or zsh.",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description = {
      "bash: source <(gradflow completion bash), or save it in /etc/bash_completion.d/.",
      "zsh: source <(gradflow completion zsh) (it loads bashcompinit)."
    })
final class CompletionCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh")
  String shell;

  @Override
  public Integer call() {
    if (!shell.equals("bash") && !shell.equals("zsh"))
      throw new UserError("completion takes bash or zsh, found '" + shell + "'");
    String script = AutoComplete.bash("gradflow", main.commandLine());
    // picocli's script is bash; zsh runs it through its bash-compatible completion layer
    if (shell.equals("zsh")) script = "autoload -U +X bashcompinit && bashcompinit\n" + script;
    main.out().print(script);
    return ExitCodes.OK;
  }
}
