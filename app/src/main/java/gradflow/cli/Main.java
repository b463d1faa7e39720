package gradflow.cli;

import gradflow.app.Version;
import gradflow.data.DataException;
import gradflow.spec.SpecException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
      SchemaCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:healthy: no finding at or above --fail-on",
      "1:the gradient-health gate failed (see the findings)",
      "2:bad input: usage, spec or data; nothing was trained",
      "3:internal error (a gradflow bug; the stack trace is printed)",
      "141:stdout was closed by its reader (broken pipe); the run stopped there"
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec commandSpec;

  public static void main(String[] args) {
    // a failed write to stdout stops the run (CheckedStdout), instead of being hidden by PrintStream
    PrintStream out = new PrintStream(new CheckedStdout(), true, StandardCharsets.UTF_8);
    PrintStream err =
        new PrintStream(
            new java.io.FileOutputStream(java.io.FileDescriptor.err), true, StandardCharsets.UTF_8);
    // Anything that writes to System.out behind our back (native libraries' Java wrappers) goes to
    // stderr.
    System.setOut(err);
    System.exit(run(args, out, err));
  }

  /** Runs gradflow with the given streams and returns the exit code; never calls System.exit. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    CommandLine cli = new CommandLine(new Main(out, err));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> handle(ex, err));
    cli.setParameterExceptionHandler(
        (ex, args2) -> {
          err.println("gradflow: " + ex.getMessage());
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
    if (ex instanceof DataException || ex instanceof UserError) {
      err.println("error: " + ex.getMessage());
      return ExitCodes.INVALID_INPUT;
    }
    if (ex instanceof UncheckedIOException io) {
      err.println("error: " + io.getMessage());
      return ExitCodes.INVALID_INPUT;
    }
    err.println("gradflow: internal error (please report it with the spec that caused it):");
    ex.printStackTrace(err);
    return ExitCodes.INTERNAL;
  }

  private final PrintStream out;
  private final PrintStream err;

  Main(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  PrintStream out() {
    return out;
  }

  PrintStream err() {
    return err;
  }

  @Override
  public void run() {
    commandSpec.commandLine().usage(out);
  }

  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"gradflow " + Version.VALUE};
    }
  }
}
