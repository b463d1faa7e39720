package gradflow.cli;

import static gradflow.cli.Cli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code analyze --try-fixes}: classic-sigmoid's VANISHING_GRADIENT is cured by a candidate that
 * also learns better, the written spec reproduces that run, and --jobs 2 reports what --jobs 1
 * does. 300 steps keep the sigmoid run on its plateau (the signal ratio stays below 0.01 over steps
 * 0-300) while five runs stay short.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TryFixesTest {
  private Path dir;

  private Path fixed;
  private Cli.Result oneJob;
  private Cli.Result twoJobs;
  private JsonNode report;
  private JsonNode reportTwoJobs;
  private Cli.Result twoSeeds;
  private JsonNode reportTwoSeeds;

  @BeforeAll
  void tryFixesOnClassicSigmoid(@TempDir Path tempDir) throws IOException {
    dir = tempDir;
    String sigmoid = Cli.repoRoot().resolve("configs/classic-sigmoid.yaml").toString();
    fixed = dir.resolve("fixed.yaml");
    Path json = dir.resolve("report.json");
    Path html = dir.resolve("report.html");
    oneJob =
        run(
                "analyze",
                sigmoid,
                "--steps",
                "300",
                "--try-fixes",
                "--write-fixed",
                fixed.toString(),
                "--json",
                json.toString(),
                "--html",
                html.toString())
            .expectCode(ExitCodes.FINDINGS);
    report = Cli.readJson(Files.readString(json));
    Cli.assertValidReport(Files.readString(json));
    assertTrue(Files.readString(html).contains("<h2>Fixes tried</h2>"), "HTML has the section");

    Path json2 = dir.resolve("report2.json");
    twoJobs =
        run(
                "analyze",
                sigmoid,
                "--steps",
                "300",
                "--try-fixes",
                "--jobs",
                "2",
                "--json",
                json2.toString())
            .expectCode(ExitCodes.FINDINGS);
    reportTwoJobs = Cli.readJson(Files.readString(json2));

    Path json3 = dir.resolve("report3.json");
    twoSeeds =
        run(
                "analyze",
                sigmoid,
                "--steps",
                "300",
                "--try-fixes",
                "--seeds",
                "2",
                "--jobs",
                "2",
                "--json",
                json3.toString())
            .expectCode(ExitCodes.FINDINGS);
    Cli.assertValidReport(Files.readString(json3));
    reportTwoSeeds = Cli.readJson(Files.readString(json3));
  }

  @Test
  void withTwoSeedsEachCandidateRunsOnBothAndIsCuredOnlyWhenCuredOnEach() {
    JsonNode fixes = reportTwoSeeds.get("fixes");
    assertEquals("[42,43]", fixes.get("seeds").toString());
    JsonNode singleSeed = report.get("fixes").get("candidates");
    assertEquals(singleSeed.size(), fixes.get("candidates").size());
    for (int i = 0; i < singleSeed.size(); i++) {
      JsonNode c = fixes.get("candidates").get(i);
      JsonNode perSeed = c.get("outcome").get("per_seed");
      assertEquals(2, perSeed.size(), c::toString);
      // seed 42's run is the single-seed run of the same candidate, number for number
      JsonNode alone = singleSeed.get(i).get("outcome");
      assertEquals(alone, perSeed.get(0), c::toString);
      double a = perSeed.get(0).get("test_accuracy").asDouble();
      double b = perSeed.get(1).get("test_accuracy").asDouble();
      assertEquals((a + b) / 2, c.get("outcome").get("test_accuracy").asDouble(), 1e-12);
      // cured on both seeds implies cured on seed 42 alone
      for (JsonNode t : c.get("cured"))
        assertTrue(singleSeed.get(i).get("cured").toString().contains(t.toString()), c::toString);
    }
    assertEquals(2, fixes.get("before").get("per_seed").size());
    assertEquals(report.get("fixes").get("before"), fixes.get("before").get("per_seed").get(0));
    assertTrue(twoSeeds.out().contains("each with seeds 42-43"), twoSeeds.out());
    assertTrue(twoSeeds.out().contains("seed 43: "), twoSeeds.out());
  }

  @Test
  void jobsNeedsTryFixes() {
    String spec = Cli.repoRoot().resolve("configs/classic-sigmoid.yaml").toString();
    Cli.Result r =
        run("analyze", spec, "--jobs", "2")
            .expectCode(ExitCodes.INVALID_INPUT)
            .expectNoStackTrace();
    assertTrue(r.err().contains("--jobs needs --try-fixes"), r.err());
  }

  @Test
  void seedsNeedsTryFixes() {
    String spec = Cli.repoRoot().resolve("configs/classic-sigmoid.yaml").toString();
    Cli.Result r =
        run("analyze", spec, "--seeds", "3")
            .expectCode(ExitCodes.INVALID_INPUT)
            .expectNoStackTrace();
    assertTrue(r.err().contains("--seeds needs --try-fixes"), r.err());
  }

  @Test
  void aCandidateCuresVanishingGradientAndRaisesTestAccuracy() {
    JsonNode fixes = report.get("fixes");
    double before = fixes.get("before").get("test_accuracy").asDouble();
    boolean cured = false;
    for (JsonNode c : fixes.get("candidates")) {
      boolean curesVanishing = false;
      for (JsonNode t : c.get("cured"))
        curesVanishing |= t.get("code").asText().equals("VANISHING_GRADIENT");
      double after = c.get("outcome").get("test_accuracy").asDouble();
      if (curesVanishing && after > before) cured = true;
    }
    assertTrue(cured, () -> "no candidate cured VANISHING_GRADIENT and learned better: " + fixes);
    assertFalse(fixes.get("best").isNull(), "a best candidate");
    assertTrue(fixes.get("not_cured").isEmpty());
    assertEquals("fail", report.get("status").asText(), "the verdict stays the original run's");
    assertTrue(oneJob.out().contains("fixes tried, each with seed 42 and 300 steps"), oneJob.out());
    assertTrue(oneJob.out().contains("cured: VANISHING_GRADIENT dense_1"), oneJob.out());
  }

  @Test
  void theCandidateThatChangesNothingForTheBetterIsReportedAsNotCuring() {
    JsonNode he = null;
    for (JsonNode c : report.get("fixes").get("candidates"))
      if (c.get("fix").asText().equals("init=he_uniform")) he = c;
    assertNotNull(he, "init=he_uniform was tried");
    assertTrue(he.get("cured").isEmpty(), he::toString);
    assertEquals("VANISHING_GRADIENT", he.get("remaining").get(0).get("code").asText());
  }

  @Test
  void theWrittenSpecValidatesAndReproducesTheBestRun() throws IOException {
    JsonNode fixes = report.get("fixes");
    assertEquals(fixed.toString(), fixes.get("written").asText());
    JsonNode best = null;
    for (JsonNode c : fixes.get("candidates")) if (c.get("best").asBoolean()) best = c;
    assertNotNull(best);
    assertEquals(fixes.get("best").asText(), best.get("fix").asText());

    run("validate", fixed.toString()).expectCode(ExitCodes.OK);
    Path again = dir.resolve("again.json");
    run("analyze", fixed.toString(), "--json", again.toString()).expectCode(ExitCodes.OK);
    JsonNode rerun = Cli.readJson(Files.readString(again));
    assertEquals(
        best.get("outcome").get("signal_ratio").asDouble(),
        rerun.get("signal_ratio").get("median").asDouble());
    assertEquals(
        best.get("outcome").get("test_accuracy").asDouble(),
        rerun.get("training").get("test_accuracy").asDouble());
  }

  @Test
  void twoJobsGiveTheSameFixesAsOne() {
    ObjectNode one = ((ObjectNode) report.get("fixes")).deepCopy();
    one.putNull("written");
    assertEquals(one, reportTwoJobs.get("fixes"));
    String withoutWritten = oneJob.out().replace("fixed spec written to " + fixed + "\n", "");
    assertEquals(withoutWritten, twoJobs.out());
  }

  @Test
  void aHealthySpecGetsNoCandidates() throws IOException {
    Path healthy = Cli.write(dir, "healthy.yaml", Cli.HEALTHY);
    Path json = dir.resolve("healthy.json");
    Path html = dir.resolve("healthy.html");
    Cli.Result r =
        run(
                "analyze",
                healthy.toString(),
                "--try-fixes",
                "--json",
                json.toString(),
                "--html",
                html.toString())
            .expectCode(ExitCodes.OK);
    JsonNode fixes = Cli.readJson(Files.readString(json)).get("fixes");
    assertTrue(fixes.get("candidates").isEmpty());
    assertTrue(fixes.get("best").isNull());
    assertTrue(r.out().contains("fixes: nothing to try, no error or warning finding"), r.out());
    assertTrue(Files.readString(html).contains("Nothing to try"));
  }

  @Test
  void withoutTryFixesTheReportHasNoFixes() throws IOException {
    Path healthy = Cli.write(dir, "plain.yaml", Cli.HEALTHY);
    Path json = dir.resolve("plain.json");
    Path html = dir.resolve("plain.html");
    Cli.Result r =
        run("analyze", healthy.toString(), "--json", json.toString(), "--html", html.toString())
            .expectCode(ExitCodes.OK);
    assertFalse(Cli.readJson(Files.readString(json)).has("fixes"));
    assertFalse(Files.readString(html).contains("Fixes tried"));
    assertFalse(r.out().contains("fixes"), r.out());
  }

  @Test
  void aFindingWithoutCandidatesIsReportedAsNotCured() throws IOException {
    Path dead = Cli.write(dir, "dead.yaml", Cli.DEAD_RELU);
    Path fixedDead = dir.resolve("dead-fixed.yaml");
    Cli.Result r =
        run(
                "analyze",
                dead.toString(),
                "--try-fixes",
                "--write-fixed",
                fixedDead.toString(),
                "--disable",
                "VANISHING_GRADIENT,DEAD_UNITS")
            .expectCode(ExitCodes.FINDINGS);
    assertTrue(r.out().contains("no candidate fix applies to these findings"), r.out());
    assertTrue(r.out().contains("not cured by any candidate: MISSING_GRADIENT dense_1"), r.out());
    assertFalse(Files.exists(fixedDead), "nothing to write");
    assertTrue(r.err().contains("--write-fixed " + fixedDead + " not written"), r.err());
  }

  @Test
  void writeFixedNeedsTryFixes() {
    String spec = Cli.repoRoot().resolve("configs/classic-sigmoid.yaml").toString();
    Cli.Result r =
        run("analyze", spec, "--write-fixed", dir.resolve("f.yaml").toString())
            .expectCode(ExitCodes.INVALID_INPUT)
            .expectNoStackTrace();
    assertTrue(r.err().contains("--write-fixed needs --try-fixes"), r.err());
  }

  @Test
  void writeFixedMayNotReplaceTheSpec() throws IOException {
    Path spec = Cli.write(dir, "net.yaml", Cli.HEALTHY);
    Cli.Result r =
        run("analyze", spec.toString(), "--try-fixes", "--write-fixed", spec.toString())
            .expectCode(ExitCodes.INVALID_INPUT)
            .expectNoStackTrace();
    assertTrue(r.err().contains("--write-fixed"), r.err());
    assertEquals(Cli.HEALTHY, Files.readString(spec), "the spec is untouched");
  }
}
