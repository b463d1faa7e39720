package gradflow.cli;

import gradflow.app.NativeMemory;
import gradflow.app.UsageError;
import gradflow.app.Version;
import gradflow.data.DataException;
import gradflow.spec.SpecException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: picocli dispatch and the one place where exceptions become exit codes. */
@Command(
    name = "gradflow",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description = "Shows where a neural network's gradient goes and why it does not learn.",
    subcommands = {
      AnalyzeCommand.class,
      CompareCommand.class,
      ValidateCommand.class,
      GradcheckCommand.class,
      ChecksCommand.class,
      ImportCommand.class,
      JudgeCommand.class,
      SchemaCommand.class,
      CompletionCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:healthy: no finding at or above --fail-on",
      "1:the gradient-health gate failed (see the findings)",
      "2:bad input: usage, spec or data; or out of memory (the message names the limit)",
      "3:internal error (a gradflow bug; the stack trace is printed)",
      "130:interrupted (SIGINT, Ctrl-C): reports cover the steps done",
      "143:terminated (SIGTERM): as 130",
      "141:stdout was closed by its reader (broken pipe); the run stopped there"
    })
public final class Main implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec commandSpec;

  public static void main(String[] args) {
    NativeMemory.configure(); // before anything loads JavaCPP
    // a failed write to stdout stops the run (CheckedStdout), instead of being hidden by
    // PrintStream
    PrintStream out = new PrintStream(new CheckedStdout(), true, StandardCharsets.UTF_8);
    PrintStream err =
        new PrintStream(
            new java.io.FileOutputStream(java.io.FileDescriptor.err), true, StandardCharsets.UTF_8);
    // Anything that writes to System.out behind our back (native libraries' Java wrappers) goes to
    // stderr.
    System.setOut(err);
    int code;
    try {
      Interrupts interrupts = new Interrupts(err, Runtime.getRuntime()::halt);
      interrupts.install();
      code = run(args, out, err, interrupts);
    } catch (Throwable t) { // run catches everything; this is for an error in the catching itself
      code = Crash.report(t, err);
    }
    System.exit(code);
  }

  /** Runs gradflow with the given streams and returns the exit code; never calls System.exit. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, Interrupts.none());
  }

  /** As {@link #run(String[], PrintStream, PrintStream)}, stopping early on {@code interrupts}. */
  static int run(String[] args, PrintStream out, PrintStream err, Interrupts interrupts) {
    return run(args, out, err, interrupts, System.getenv());
  }

  /** As {@link #run(String[], PrintStream, PrintStream)} with {@code env} as the environment. */
  static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
    return run(args, out, err, Interrupts.none(), env);
  }

  private static int run(
      String[] args,
      PrintStream out,
      PrintStream err,
      Interrupts interrupts,
      Map<String, String> env) {
    try {
      return execute(args, out, err, interrupts, env);
    } catch (Throwable t) { // picocli lets Errors through, and fails on its own sometimes
      return Crash.report(t, err);
    }
  }

  private static int execute(
      String[] args, PrintStream out, PrintStream err, Interrupts stop, Map<String, String> env) {
    CommandLine cli = new CommandLine(new Main(out, err, stop, env));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> handle(ex, err));
    cli.setParameterExceptionHandler(
        (ex, args2) -> {
          err.println("gradflow: " + UsageMessages.of(ex));
          err.println(
              "try 'gradflow "
                  + (ex.getCommandLine().getCommandName().equals("gradflow")
                      ? ""
                      : ex.getCommandLine().getCommandName() + " ")
                  + "--help'");
          return ExitCodes.INVALID_INPUT;
        });
    int code = cli.execute(args);
    // a stream that hides its errors (not CheckedStdout): still never report success
    if (code <= ExitCodes.FINDINGS && out.checkError()) {
      err.println("error: cannot write to stdout");
      return ExitCodes.INVALID_INPUT;
    }
    return code;
  }

  static int handle(Exception ex, PrintStream err) {
    if (ex instanceof StdoutFailure f) return f.report(err);
    if (ex instanceof SpecException s) {
      err.print(s.render());
      return ExitCodes.INVALID_INPUT;
    }
    if (ex instanceof DataException || ex instanceof UserError || ex instanceof UsageError) {
      err.println("error: " + ex.getMessage());
      return ExitCodes.INVALID_INPUT;
    }
    if (ex instanceof UncheckedIOException io) {
      err.println("error: " + io.getMessage());
      return ExitCodes.INVALID_INPUT;
    }
    return Crash.report(ex, err);
  }

  private final PrintStream out;
  private final PrintStream err;

  private final Interrupts interrupts;

  private final Map<String, String> env;

  Main(PrintStream out, PrintStream err, Interrupts interrupts, Map<String, String> env) {
    this.env = Map.copyOf(env);
    this.out = out;
    this.err = err;
    this.interrupts = interrupts;
  }

  /** The environment the commands see (GITHUB_ACTIONS, GITHUB_STEP_SUMMARY). */
  Map<String, String> env() {
    return env;
  }

  Interrupts interrupts() {
    return interrupts;
  }

  PrintStream out() {
    return out;
  }

  PrintStream err() {
    return err;
  }

  /** No command: the usage, on stderr since nothing asked for output, and a usage error. */
  @Override
  public Integer call() {
    commandSpec.commandLine().usage(err);
    return ExitCodes.INVALID_INPUT;
  }

  CommandLine commandLine() {
    return commandSpec.commandLine();
  }

  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"gradflow " + Version.VALUE};
    }
  }
}
