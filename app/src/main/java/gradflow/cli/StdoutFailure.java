package gradflow.cli;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A write to stdout failed. {@link CheckedStdout} throws it from inside {@code PrintStream} (which
 * would otherwise hide the error), so that the run stops at the write that failed: a reader that
 * left (broken pipe) ends the run quietly with {@link ExitCodes#BROKEN_PIPE}, like Unix tools;
 * anything else ("No space left on device") is a one-line error and exit 2.
 */
final class StdoutFailure extends UncheckedIOException {
  StdoutFailure(IOException cause) {
    super("cannot write to stdout: " + reasonOf(cause), cause);
  }

  boolean isBrokenPipe() {
    return isBrokenPipe(getCause());
  }

  static boolean isBrokenPipe(IOException e) {
    String m = e.getMessage();
    return m != null && (m.contains("Broken pipe") || m.contains("EPIPE"));
  }

  private static String reasonOf(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** Prints the one-line message, unless the reader left, and returns the exit code. */
  int report(java.io.PrintStream err) {
    if (isBrokenPipe()) return ExitCodes.BROKEN_PIPE;
    err.println("error: " + getMessage());
    return ExitCodes.INVALID_INPUT;
  }
}
