package gradflow.cli;

import static gradflow.cli.Cli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes 0, 1 and 2 and what stderr says for each; user errors never print a stack trace. */
class ExitCodeTest {
  @TempDir Path dir;

  @Test
  void healthyNetworkExitsZero() throws IOException {
    Path spec = Cli.write(dir, "healthy.yaml", Cli.HEALTHY);

    Cli.Result r = run("analyze", spec.toString()).expectCode(ExitCodes.OK).expectNoStackTrace();

    assertTrue(r.out().contains("no findings"), r.out());
    assertTrue(r.out().contains("verdict: PASS"), r.out());
  }

  @Test
  void deadLayerIsAnErrorFindingAndExitsOne() throws IOException {
    Path spec = Cli.write(dir, "dead.yaml", Cli.DEAD_RELU);

    Cli.Result r = run("analyze", spec.toString()).expectCode(ExitCodes.FINDINGS);

    assertTrue(r.out().contains("ERROR DEAD_UNITS  dense_1: 100%"), r.out());
    assertTrue(r.out().contains("verdict: FAIL"), r.out());
  }

  @Test
  void failOnNeverPassesEvenWithErrors() throws IOException {
    Path spec = Cli.write(dir, "dead.yaml", Cli.DEAD_RELU);

    Cli.Result r = run("analyze", spec.toString(), "--fail-on", "never");

    r.expectCode(ExitCodes.OK);
    assertTrue(r.out().contains("DEAD_UNITS"), r.out());
  }

  @Test
  void warningsPassByDefaultAndFailWithFailOnWarn() throws IOException {
    Path spec = Cli.write(dir, "maxout.yaml", Cli.MAXOUT_DOMINANT);

    Cli.Result byDefault = run("analyze", spec.toString()).expectCode(ExitCodes.OK);
    assertTrue(byDefault.out().contains("WARN  MAXOUT_DOMINANT_PIECE"), byDefault.out());
    assertTrue(!byDefault.out().contains("ERROR "), byDefault.out());

    run("analyze", spec.toString(), "--fail-on", "warn").expectCode(ExitCodes.FINDINGS);
    run("analyze", spec.toString(), "--fail-on", "info").expectCode(ExitCodes.FINDINGS);
  }

  @Test
  void unknownFlagIsUsageError() throws IOException {
    Path spec = Cli.write(dir, "healthy.yaml", Cli.HEALTHY);

    Cli.Result r = run("analyze", spec.toString(), "--bogus").expectCode(ExitCodes.INVALID_INPUT);

    r.expectNoStackTrace();
    assertTrue(r.err().contains("unknown option '--bogus'"), r.err());
    assertTrue(r.err().contains("gradflow analyze --help"), r.err());
    assertEquals("", r.out());
  }

  @Test
  void unknownFailOnLevelIsUsageError() throws IOException {
    Path spec = Cli.write(dir, "healthy.yaml", Cli.HEALTHY);

    Cli.Result r = run("analyze", spec.toString(), "--fail-on", "sometimes");

    r.expectCode(ExitCodes.INVALID_INPUT).expectNoStackTrace();
    assertTrue(r.err().contains("info, warn, error, never; found 'sometimes'"), r.err());
  }

  @Test
  void unknownThresholdKeySuggestsTheClosest() throws IOException {
    Path spec = Cli.write(dir, "healthy.yaml", Cli.HEALTHY);

    Cli.Result r = run("analyze", spec.toString(), "--threshold", "dead_fractoin=0.2");

    r.expectCode(ExitCodes.INVALID_INPUT).expectNoStackTrace();
    assertTrue(r.err().contains("unknown key 'dead_fractoin'"), r.err());
    assertTrue(r.err().contains("did you mean 'dead_fraction'?"), r.err());
  }

  @Test
  void thresholdOverrideChangesTheVerdict() throws IOException {
    Path spec = Cli.write(dir, "maxout.yaml", Cli.MAXOUT_DOMINANT);

    Cli.Result r =
        run(
            "analyze",
            spec.toString(),
            "--fail-on",
            "warn",
            "--threshold",
            "dead_pieces=1",
            "--threshold",
            "dominant_units=1");

    r.expectCode(ExitCodes.OK);
    assertTrue(r.out().contains("no findings"), r.out());
  }

  @Test
  void missingSpecFileIsInvalidInput() {
    Path missing = dir.resolve("nope.yaml");

    Cli.Result r = run("analyze", missing.toString()).expectCode(ExitCodes.INVALID_INPUT);

    r.expectNoStackTrace();
    assertTrue(r.err().contains("nope.yaml"), r.err());
    assertTrue(r.err().contains("no such file"), r.err());
  }

  @Test
  void misspeltActivationNamesFileLineColumnAndSuggests() throws IOException {
    Path spec = Cli.write(dir, "net.yaml", Cli.HEALTHY.replace("relu", "rleu"));

    Cli.Result r = run("analyze", spec.toString()).expectCode(ExitCodes.INVALID_INPUT);

    r.expectNoStackTrace();
    // line 6 is "  - dense: {units: 32, activation: rleu, ...}", the name starts in column 36
    assertTrue(r.err().contains("net.yaml:6:36: error:"), r.err());
    assertTrue(r.err().contains("unknown activation 'rleu'; did you mean 'relu'?"), r.err());
    assertEquals("", r.out());
  }

  @Test
  void validateReportsTheSameSpecError() throws IOException {
    Path spec = Cli.write(dir, "net.yaml", Cli.HEALTHY.replace("relu", "rleu"));

    Cli.Result r = run("validate", spec.toString()).expectCode(ExitCodes.INVALID_INPUT);

    r.expectNoStackTrace();
    assertTrue(r.err().contains("net.yaml:6:36: error:"), r.err());
  }

  @Test
  void truncatedGzipImageFileIsNamed() throws IOException {
    Path data = copyMnist();
    Path images = data.resolve("train-images-idx3-ubyte.gz");
    byte[] whole = Files.readAllBytes(images);
    Files.write(images, Arrays.copyOf(whole, whole.length / 3));

    Cli.Result r = analyzeMnist(data).expectCode(ExitCodes.INVALID_INPUT);

    r.expectNoStackTrace();
    assertTrue(r.err().contains("train-images-idx3-ubyte.gz"), r.err());
    assertTrue(r.err().contains("truncated"), r.err());
  }

  @Test
  void idxFileShorterThanItsHeaderIsNamed() throws IOException {
    Path data = copyMnist();
    Path labels = data.resolve("train-labels-idx1-ubyte.gz");
    byte[] raw;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(labels))) {
      raw = in.readAllBytes();
    }
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(raw, 0, raw.length / 2);
    }
    Files.write(labels, gz.toByteArray());

    Cli.Result r = analyzeMnist(data).expectCode(ExitCodes.INVALID_INPUT);

    r.expectNoStackTrace();
    assertTrue(r.err().contains("train-labels-idx1-ubyte.gz"), r.err());
    assertTrue(r.err().contains("truncated"), r.err());
  }

  @Test
  void dataDirOnSyntheticSpecIsInvalidInput() throws IOException {
    Path spec = Cli.write(dir, "healthy.yaml", Cli.HEALTHY);

    Cli.Result r = run("analyze", spec.toString(), "--data-dir", dir.toString());

    r.expectCode(ExitCodes.INVALID_INPUT).expectNoStackTrace();
    assertTrue(r.err().contains("--data-dir applies to MNIST data"), r.err());
  }

  @Test
  void dumpStepBeyondTheRunIsInvalidInput() throws IOException {
    Path spec = Cli.write(dir, "healthy.yaml", Cli.HEALTHY);

    Cli.Result r =
        run("analyze", spec.toString(), "--dump-step", "40", "--dump-dir", dir.toString());

    r.expectCode(ExitCodes.INVALID_INPUT).expectNoStackTrace();
    assertTrue(r.err().contains("beyond the last step (39)"), r.err());
  }

  private Path copyMnist() throws IOException {
    Path data = Files.createDirectories(dir.resolve("mnist"));
    try (var files = Files.list(Cli.mnistMini())) {
      for (Path f : files.toList()) Files.copy(f, data.resolve(f.getFileName()));
    }
    return data;
  }

  private Cli.Result analyzeMnist(Path data) throws IOException {
    Path spec =
        Cli.write(
            dir,
            "mnist.yaml",
            Cli.mnistHead("mnist")
                + "layers:\n  - dense: {units: 10, activation: softmax}\n"
                + "train: {steps: 3, batch: 16, log_every: 1}\n");
    return run("analyze", spec.toString(), "--data-dir", data.toString());
  }
}
