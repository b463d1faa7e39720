package gradflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8 (review D6): Java Errors map to honest exit codes, never to 1 ("the gate failed") and
 * never to "Exception in thread main".
 */
class CrashTest {
  @TempDir Path dir;

  private record Printed(int code, String err) {}

  private static Printed report(Throwable t) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int code;
    try (PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      code = Crash.report(t, err);
    }
    return new Printed(code, bytes.toString(StandardCharsets.UTF_8));
  }

  @Test
  void heapOutOfMemoryIsExitTwoWithTheLimitAndTheFix() {
    Printed p = report(new OutOfMemoryError("Java heap space"));

    assertEquals(ExitCodes.INVALID_INPUT, p.code());
    assertEquals(1, p.err().lines().count(), p.err());
    assertTrue(p.err().startsWith("gradflow: out of memory: the Java heap is full"), p.err());
    assertTrue(p.err().contains("Java heap limit "), p.err());
    assertTrue(p.err().contains("JAVA_OPTS=-Xmx"), p.err());
  }

  @Test
  void outOfMemoryWrappedInAnExceptionIsStillExitTwo() {
    Printed p =
        report(new IllegalStateException("worker", new OutOfMemoryError("Java heap space")));

    assertEquals(ExitCodes.INVALID_INPUT, p.code());
    assertTrue(p.err().contains("out of memory"), p.err());
  }

  @Test
  void offHeapOutOfMemoryNamesNd4jsLimit() {
    // the message JavaCPP's Pointer throws when ND4J's arrays pass -Dorg.bytedeco.javacpp.maxBytes
    Printed p =
        report(
            new OutOfMemoryError(
                "Failed to allocate memory within limits: totalBytes (8G) + size (1G) > maxBytes"
                    + " (8G)"));

    assertEquals(ExitCodes.INVALID_INPUT, p.code());
    assertTrue(p.err().contains("ND4J's off-heap memory is full"), p.err());
    assertTrue(p.err().contains("-Dorg.bytedeco.javacpp.maxBytes="), p.err());
    Printed nativeSide = report(new RuntimeException("Cannot allocate 4000000000 bytes"));
    assertEquals(ExitCodes.INVALID_INPUT, nativeSide.code());
    assertTrue(nativeSide.err().contains("off-heap"), nativeSide.err());
  }

  @Test
  void stackOverflowIsInternalWithAShortTrace() {
    Printed p = report(overflow());

    assertEquals(ExitCodes.INTERNAL, p.code());
    assertTrue(p.err().contains("please report"), p.err());
    assertTrue(p.err().contains("java.lang.StackOverflowError (first 20 of "), p.err());
    assertEquals(Crash.OVERFLOW_FRAMES, p.err().lines().filter(l -> l.startsWith("\tat ")).count());
  }

  @Test
  void anyOtherThrowableIsInternalWithTheWholeTrace() {
    Printed p = report(new AssertionError("broken invariant"));

    assertEquals(ExitCodes.INTERNAL, p.code());
    assertTrue(p.err().contains("please report"), p.err());
    assertTrue(p.err().contains("java.lang.AssertionError: broken invariant"), p.err());
    assertTrue(p.err().contains("\tat gradflow.cli.CrashTest"), p.err());
  }

  @Test
  void mainsExceptionHandlerFindsAnOutOfMemoryCause() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int code;
    try (PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      code = Main.handle(new IllegalStateException(new OutOfMemoryError("Java heap space")), err);
    }

    assertEquals(ExitCodes.INVALID_INPUT, code);
    assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("out of memory"));
  }

  /** A real OutOfMemoryError in a real process: a data set far larger than a 256 MB heap. */
  @Test
  void realHeapExhaustionExitsTwoWithoutATrace() throws Exception {
    Path spec =
        Cli.write(
            dir,
            "huge.yaml",
            Cli.HEALTHY
                .replace("samples: 600", "samples: 100000000")
                .replace("name: blobs-healthy", "name: huge"));

    GradflowProcess child =
        GradflowProcess.start(dir, List.of("-Xmx256m"), "analyze", spec.toString(), "-q");
    Cli.Result r = child.await(60);

    r.expectCode(ExitCodes.INVALID_INPUT);
    assertFalse(r.err().contains("Exception in thread"), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
    assertTrue(r.err().contains("memory"), r.err());
  }

  private static StackOverflowError overflow() {
    try {
      return recurse(0);
    } catch (StackOverflowError e) {
      return e;
    }
  }

  private static StackOverflowError recurse(int depth) {
    return depth < 0 ? null : recurse(depth + 1);
  }
}
