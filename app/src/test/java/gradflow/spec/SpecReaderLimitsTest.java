package gradflow.spec;

import static gradflow.spec.SpecReaderErrorTest.assertAt;
import static gradflow.spec.SpecReaderErrorTest.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 8: the spec reader's caps and its messages for hostile input (reliability review). */
class SpecReaderLimitsTest {
  private static final String VALID =
      """
      input: [4]
      data: {synthetic: {kind: blobs, samples: 20, classes: 2}}
      layers:
        - dense: {units: 2, activation: softmax}
      """;

  private static final String TOO_LARGE =
      "error: the spec is larger than 1 MiB (the limit); a network spec is a few KB";

  /** Nothing Jackson or SnakeYAML calls its settings may reach a user. */
  private static void assertNoInternals(String rendered) {
    for (String internal :
        new String[] {"StreamReadConstraints", "JsonReadFeature", "Malformed numeric", "jackson"})
      assertFalse(rendered.contains(internal), rendered);
  }

  @Test
  void aFileOverOneMebibyteIsRefusedFromItsSize(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("net.yaml");
    Files.writeString(file, VALID + "#".repeat(SpecReader.MAX_FILE_BYTES));
    SpecException e = assertThrows(SpecException.class, () -> SpecReader.read(file));
    assertTrue(e.render().startsWith(file + ": " + TOO_LARGE + "\n"), e.render());
  }

  @Test
  void aTenGigabyteSparseFileIsRefusedAtOnce(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("sparse.yaml");
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(10L << 30);
    }
    SpecException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(2),
            () -> assertThrows(SpecException.class, () -> SpecReader.read(file)));
    assertTrue(e.render().contains(TOO_LARGE), e.render());
  }

  @Test
  void devZeroIsReadOnlyUpToTheCapAndNamedAsADevice() {
    Path zero = Path.of("/dev/zero");
    assumeTrue(Files.exists(zero));
    SpecException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(2),
            () -> assertThrows(SpecException.class, () -> SpecReader.read(zero)));
    assertTrue(e.render().startsWith("/dev/zero: " + TOO_LARGE), e.render());
    assertTrue(e.render().contains("it is a character device, not a spec file"), e.render());
  }

  @Test
  void aFifoIsReadOnceAndItsBytesAreTheOnesParsed(@TempDir Path dir) throws Exception {
    Path fifo = dir.resolve("net.yaml");
    mkfifo(fifo);
    Thread writer =
        new Thread(
            () -> {
              try (OutputStream out = Files.newOutputStream(fifo)) {
                out.write(VALID.getBytes(StandardCharsets.UTF_8));
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            });
    writer.start();
    byte[] bytes =
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> SpecReader.readBytes(fifo));
    writer.join();
    assertEquals(VALID, new String(bytes, StandardCharsets.UTF_8));
    NetworkSpec spec = SpecReader.parse(bytes, fifo, ExpressionSyntax.NONE);
    assertEquals(1, spec.layers().size());

    Thread flood =
        new Thread(
            () -> {
              try (OutputStream out = Files.newOutputStream(fifo)) {
                out.write(new byte[SpecReader.MAX_FILE_BYTES + 4096]);
              } catch (IOException reader_closed_early) {
                // expected: the reader stops at the cap and closes the pipe
              }
            });
    flood.start();
    SpecException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(10),
            () -> assertThrows(SpecException.class, () -> SpecReader.read(fifo)));
    flood.join();
    assertTrue(e.render().contains("it is a FIFO (named pipe), not a spec file"), e.render());
  }

  @Test
  void osReasonsAreGivenWithoutThePathTwice() {
    assertEquals("permission denied", SpecReader.reason(new AccessDeniedException("/x/net.yaml")));
    assertEquals(
        "Too many levels of symbolic links",
        SpecReader.reason(
            new FileSystemException("/x/loop.yaml", null, "Too many levels of symbolic links")));
  }

  @Test
  void aOneMebibyteQuotedStringValidatesInAboutASecond() {
    String yaml = VALID + "name: \"" + "A".repeat(SpecReader.MAX_FILE_BYTES - 200) + "\"\n";
    long start = System.nanoTime();
    SpecException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(10),
            () ->
                assertThrows(SpecException.class, () -> SpecReader.parse(yaml, "net.yaml", null)));
    System.out.printf(
        "1 MiB quoted string: rejected in %d ms%n", (System.nanoTime() - start) / 1_000_000);
    String rendered = e.render();
    assertTrue(
        rendered.startsWith(
            "net.yaml:5:7: error: a text value is longer than 100000 characters, found 1048376"),
        rendered);
    assertNoInternals(rendered);
    assertTrue(rendered.length() < 2_000, "the echo is a window: " + rendered.length());
  }

  @Test
  void deepNestingIsLocatedAndSaidPlainly() {
    String yaml = "seed: " + "[".repeat(5000) + "\n";
    SpecProblem p = only(yaml);
    assertTrue(p.hasLocation(), p::render);
    assertEquals(1, p.line());
    assertEquals("the spec is nested more than 100 levels deep", p.message());
    assertNoInternals(p.render());

    SpecException json =
        assertThrows(
            SpecException.class,
            () -> SpecReader.parse("{\"seed\": " + "[".repeat(5000), "net.json", null));
    assertTrue(json.render().startsWith("net.json:1:"), json.render());
    assertTrue(json.render().contains("nested more than 100 levels deep"), json.render());
  }

  @Test
  void nonFiniteFloatsSayFiniteAtTheValue() {
    assertAt(only(VALID + "seed: .nan\n"), 5, 7, "", "seed must be a finite number, found .nan");
    assertAt(
        only(VALID + "optimizer: {sgd: {lr: -.inf}}\n"),
        5,
        23,
        "optimizer.sgd",
        "lr must be a finite number, found -.inf");
    SpecException json =
        assertThrows(
            SpecException.class,
            () ->
                SpecReader.parse(
                    "{\"input\": [4], \"seed\": NaN, \"data\": {\"synthetic\": {}}, \"layers\": []}",
                    "net.json",
                    null));
    assertTrue(
        json.render().contains("net.json:1:24: error: seed must be a finite number, found NaN"),
        json.render());
    assertNoInternals(json.render());
  }

  @Test
  void aLeadingZeroIntegerIsRefusedAsOctal() {
    assertAt(
        only(VALID + "seed: 010\n"),
        5,
        7,
        "",
        "a whole number with a leading zero is octal in YAML 1.1, found 010 (it would read as 8)");
  }

  @Test
  void nulIsLocatedAtItsColumnAndEchoedEscaped() {
    SpecProblem p = only("name: a\0b\n" + VALID);
    assertAt(
        p, 1, 8, "", "the spec holds the control character \\0, which YAML and JSON do not allow");
    assertEquals(
        "net.yaml:1:8: error: "
            + p.message()
            + "\nname: a\\0b\n       ^\n  hint: "
            + p.hint()
            + "\n",
        p.render());
    assertFalse(p.render().contains("\0"));
  }

  @Test
  void aHugeLineIsEchoedAsAWindowAroundTheColumn() {
    String yaml = VALID + "name: \"" + "A".repeat(500_000) + "\0" + "B".repeat(500) + "\"\n";
    SpecProblem p = only(yaml);
    assertEquals(500_008, p.column());
    String rendered = p.render();
    assertTrue(rendered.length() < 1_000, "rendered " + rendered.length() + " chars");
    String[] lines = rendered.split("\n");
    assertTrue(lines[1].startsWith("…AAAA") && lines[1].endsWith("BBB…"), lines[1]);
    int caret = lines[2].indexOf('^');
    assertEquals("\\0", lines[1].substring(caret, caret + 2), rendered);
  }

  @Test
  void aFifoWithNoWriterYetWaitsAndSaysSo(@TempDir Path dir) throws Exception {
    Path fifo = dir.resolve("late.yaml");
    mkfifo(fifo);
    Thread lateWriter =
        new Thread(
            () -> {
              try {
                Thread.sleep(SlowInputNotice.DELAY_MILLIS + 700);
                try (OutputStream out = Files.newOutputStream(fifo)) {
                  out.write(VALID.getBytes(StandardCharsets.UTF_8));
                }
              } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    java.io.PrintStream err = System.err;
    byte[] bytes;
    System.setErr(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      lateWriter.start();
      bytes = assertTimeoutPreemptively(Duration.ofSeconds(15), () -> SpecReader.readBytes(fifo));
      lateWriter.join();
    } finally {
      System.setErr(err);
    }
    assertEquals(VALID, new String(bytes, StandardCharsets.UTF_8));
    assertEquals(
        "gradflow: waiting for "
            + fifo
            + ", a FIFO (named pipe), to send the spec; Ctrl-C to stop\n",
        captured.toString(StandardCharsets.UTF_8));
  }

  /** Makes a FIFO at {@code path}; skips the test where mkfifo is not available. */
  private static void mkfifo(Path path) throws IOException, InterruptedException {
    Process mkfifo;
    try {
      mkfifo = new ProcessBuilder("mkfifo", path.toString()).start();
    } catch (IOException noMkfifo) {
      assumeTrue(false, "mkfifo is not available");
      return;
    }
    assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0);
  }
}
