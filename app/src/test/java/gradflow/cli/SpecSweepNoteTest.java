package gradflow.cli;

import static gradflow.cli.Cli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** analyze, validate and gradcheck run a spec with {@code sweep:} as written, with one note. */
class SpecSweepNoteTest {
  @TempDir Path dir;

  /** Two hidden layers; the sweep makes 2 x 3 = 6 variants, and the spec itself says tanh. */
  static final String SWEPT =
      Cli.blobsHead("blobs-swept")
          + "layers:\n"
          + "  - dense: {units: 8, activation: tanh, init: xavier_uniform}\n"
          + "  - dense: {units: 3, activation: softmax}\n"
          + "optimizer: {adam: {lr: 0.01}}\n"
          + "train: {steps: 6, batch: 16, log_every: 2}\n"
          + "sweep:\n"
          + "  activation: [sigmoid, relu]\n"
          + "  seed: [1, 2, 3]\n";

  @Test
  void analyzeRunsTheSpecAsWrittenAndNotesTheSweepOnStderrOnly() throws IOException {
    Path spec = Cli.write(dir, "net.yaml", SWEPT);

    Cli.Result r =
        run("analyze", spec.toString(), "--json", "-", "--fail-on", "never")
            .expectCode(ExitCodes.OK);

    JsonNode report = Cli.readJson(r.out()); // strict: nothing but the report on stdout
    Cli.assertValidReport(r.out());
    assertEquals(5, report.get("provenance").get("seed").asLong()); // the spec's seed, not 1
    assertFalse(r.out().contains("note:"), r.out());
    String note =
        "note: " + spec + " has a sweep (6 variants); `gradflow compare " + spec + "` runs them";
    assertTrue(r.err().contains(note), r.err());
    assertEquals(1, r.err().split("note:", -1).length - 1, r.err());
  }

  @Test
  void validateCountsTheVariants() throws IOException {
    Path spec = Cli.write(dir, "net.yaml", SWEPT);

    Cli.Result r = run("validate", spec.toString()).expectCode(ExitCodes.OK);

    assertTrue(r.out().startsWith(spec + ": ok ("), r.out());
    assertTrue(r.out().contains("a sweep of 6 variants for gradflow compare"), r.out());
    assertEquals("", r.err(), "the ok line says it all; no note besides");
  }

  @Test
  void gradcheckNotesTheSweepOnStderr() throws IOException {
    Path spec = Cli.write(dir, "net.yaml", SWEPT);

    Cli.Result r =
        run("gradcheck", spec.toString(), "--samples", "3", "--json", "-").expectCode(ExitCodes.OK);

    Cli.readJson(r.out());
    assertTrue(r.err().contains("has a sweep (6 variants)"), r.err());
  }

  @Test
  void aBadSweepIsALocatedInputError() throws IOException {
    Path spec = Cli.write(dir, "net.yaml", SWEPT.replace("seed: [1, 2, 3]", "seed: [1, two]"));

    Cli.Result r = run("validate", spec.toString());

    r.expectCode(ExitCodes.INVALID_INPUT).expectNoStackTrace();
    assertTrue(
        r.err().contains(spec + ":12:13: error: sweep: seed must be a whole number, found 'two'"),
        r.err());
  }

  @Test
  void specsWithoutASweepGetNoNote() throws IOException {
    Path spec = Cli.write(dir, "net.yaml", Cli.HEALTHY);

    assertEquals("", run("validate", spec.toString()).expectCode(ExitCodes.OK).err());
  }
}
