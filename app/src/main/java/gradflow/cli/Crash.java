package gradflow.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * What is left when no handler knew the throwable: running out of memory (exit 2, with the limit
 * and how to raise it), a stack overflow (exit 3, with a short trace) or a bug (exit 3, with the
 * trace). Never exit 1, which means "the gradient-health gate failed".
 */
final class Crash {
  /** Frames shown for a stack overflow: its trace repeats one cycle for thousands of lines. */
  static final int OVERFLOW_FRAMES = 20;

  private static final String REPORT =
      "gradflow: internal error (please report it with the spec that caused it):";

  private Crash() {}

  /** Prints the message for {@code t} on {@code err} and returns the exit code. */
  static int report(Throwable t, PrintStream err) {
    String memory = outOfMemory(t);
    if (memory != null) {
      err.println(memory);
      return ExitCodes.INVALID_INPUT;
    }
    StackOverflowError overflow = find(t, StackOverflowError.class);
    if (overflow != null) {
      err.println(REPORT);
      err.println(
          "java.lang.StackOverflowError (first "
              + OVERFLOW_FRAMES
              + " of "
              + overflow.getStackTrace().length
              + " frames):");
      StackTraceElement[] frames = overflow.getStackTrace();
      for (int i = 0; i < Math.min(OVERFLOW_FRAMES, frames.length); i++)
        err.println("\tat " + frames[i]);
      return ExitCodes.INTERNAL;
    }
    err.println(REPORT);
    t.printStackTrace(err);
    return ExitCodes.INTERNAL;
  }

  /**
   * The one-line message when {@code t} (or a cause) says that memory ran out, else null. The Java
   * heap fails with {@link OutOfMemoryError}; ND4J's off-heap arrays fail in JavaCPP with an
   * OutOfMemoryError that names its limits ("Failed to allocate memory within limits", "Physical
   * memory usage is too high"), or in the native code with a RuntimeException "Cannot allocate".
   */
  static String outOfMemory(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      String m = c.getMessage() == null ? "" : c.getMessage();
      boolean offHeap =
          m.contains("Failed to allocate memory within limits")
              || m.contains("Physical memory usage is too high")
              || m.contains("Cannot allocate");
      if (offHeap && (c instanceof OutOfMemoryError || c instanceof RuntimeException))
        return "gradflow: out of memory: ND4J's off-heap memory is full ("
            + firstLine(m)
            + "); limit "
            + gib(offHeapLimit())
            + ". Use a smaller spec (fewer units, samples or a smaller batch), or raise the"
            + " limit: JAVA_OPTS='-Dorg.bytedeco.javacpp.maxBytes=16g"
            + " -Dorg.bytedeco.javacpp.maxPhysicalBytes=20g' ./gradflow ...";
      if (c instanceof OutOfMemoryError) {
        String why =
            m.contains("Requested array size exceeds VM limit")
                ? "an array larger than the JVM allows was asked for"
                : "the Java heap is full";
        return "gradflow: out of memory: "
            + why
            + " ("
            + (m.isEmpty() ? "OutOfMemoryError" : m)
            + "); Java heap limit "
            + gib(Runtime.getRuntime().maxMemory())
            + ". Use a smaller spec (fewer units, samples, inputs or repeats), or raise the"
            + " limit: JAVA_OPTS=-Xmx8g ./gradflow ...";
      }
    }
    return null;
  }

  private static <T extends Throwable> T find(Throwable t, Class<T> kind) {
    for (Throwable c = t; c != null; c = c.getCause()) if (kind.isInstance(c)) return kind.cast(c);
    return null;
  }

  private static long offHeapLimit() {
    try {
      return org.bytedeco.javacpp.Pointer.maxBytes();
    } catch (LinkageError e) {
      return -1;
    }
  }

  private static String firstLine(String m) {
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  private static String gib(long bytes) {
    if (bytes < 0) return "unknown";
    if (bytes == Long.MAX_VALUE) return "none";
    return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
  }
}
