package gradflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gradflow judge: the checks and report of analyze, from a gradflow.steps/1 file. */
class JudgeTest {
  @TempDir static Path dir;
  static Path steps;
  static JsonNode analyzed;

  /** The classic sigmoid net, analysed with --jsonl: the log judge reads. */
  @BeforeAll
  static void analyzeOnce() throws IOException {
    steps = dir.resolve("sigmoid.jsonl");
    Path json = dir.resolve("analyze.json");
    String spec = Cli.repoRoot().resolve("configs/classic-sigmoid.yaml").toString();
    Cli.run(
            "analyze",
            spec,
            "--steps",
            "300",
            "-q",
            "--jsonl",
            steps.toString(),
            "--json",
            json.toString())
        .expectCode(ExitCodes.FINDINGS);
    analyzed = Cli.JSON.readTree(Files.readString(json));
  }

  @Test
  void judgingAnalyzesOwnLogGivesItsFindingsAndExitCode() throws IOException {
    Cli.Result r = Cli.run("judge", steps.toString(), "--json", "-").expectCode(ExitCodes.FINDINGS);
    JsonNode judged = Cli.JSON.readTree(r.out());
    Cli.assertValidReport(r.out());
    assertEquals(analyzed.get("findings"), judged.get("findings"));
    assertEquals(analyzed.get("signal_ratio"), judged.get("signal_ratio"));
    assertEquals(analyzed.get("steps"), judged.get("steps"));
    assertEquals("fail", judged.get("status").asText());
    assertTrue(judged.get("provenance").get("backend").asText().startsWith("gradflow"));
  }

  @Test
  void otherThresholdsJudgeTheSameLogAgain() {
    Cli.run("judge", steps.toString(), "-q", "--threshold", "vanishing_ratio=0.0001").expectCode(0);
    Cli.run("judge", steps.toString(), "-q", "--disable", "VANISHING_GRADIENT").expectCode(0);
  }

  @Test
  void aProducerThatRecordsLessLeavesChecksSilentAndSaysWhich() throws IOException {
    List<String> lines = Files.readAllLines(steps);
    List<String> thin = new ArrayList<>();
    thin.add(lines.get(0));
    for (String line : lines.subList(1, lines.size() - 1)) {
      ObjectNode step = (ObjectNode) Cli.JSON.readTree(line);
      for (JsonNode layer : step.get("layers")) {
        List<String> drop = new ArrayList<>();
        layer.fieldNames().forEachRemaining(drop::add);
        drop.removeAll(List.of("name", "mean_abs_grad"));
        ((ObjectNode) layer).remove(drop);
      }
      thin.add(step.toString());
    }
    Path file = dir.resolve("thin.jsonl");
    Files.write(file, thin);
    Cli.Result r = Cli.run("judge", file.toString(), "--json", "-").expectCode(0);
    JsonNode report = Cli.JSON.readTree(r.out());
    List<String> notRun = new ArrayList<>();
    report.get("checks_not_run").forEach(c -> notRun.add(c.get("code").asText()));
    assertTrue(
        notRun.containsAll(List.of("NON_FINITE", "VANISHING_GRADIENT", "SATURATED_UNITS")),
        "" + notRun);
    assertTrue(!notRun.contains("DEAD_UNITS"), "no relu layer: dead units do not apply");
    assertTrue(
        r.err().contains("note: VANISHING_GRADIENT did not run: no step recorded mean_abs_signal"),
        r.err());
  }

  @Test
  void aLogWithoutTheFactorsIsJudgedTheSameWithoutTheAttribution() throws IOException {
    List<String> lines = Files.readAllLines(steps);
    List<String> without = new ArrayList<>(List.of(lines.get(0)));
    for (String line : lines.subList(1, lines.size() - 1)) {
      ObjectNode step = (ObjectNode) Cli.JSON.readTree(line);
      for (JsonNode layer : step.get("layers"))
        ((ObjectNode) layer).remove(List.of("weight_factor", "activation_factor"));
      without.add(step.toString());
    }
    without.add(lines.get(lines.size() - 1));
    Path file = dir.resolve("no-factors.jsonl");
    Files.write(file, without);
    Cli.Result r = Cli.run("judge", file.toString(), "--json", "-").expectCode(ExitCodes.FINDINGS);
    JsonNode judged = Cli.JSON.readTree(r.out());
    JsonNode vanishing = finding(judged, "VANISHING_GRADIENT");
    String withFactors = finding(analyzed, "VANISHING_GRADIENT").get("message").asText();
    String message = vanishing.get("message").asText();
    assertTrue(withFactors.contains(". Per layer: "), withFactors);
    assertEquals(withFactors.substring(0, withFactors.indexOf(". Per layer: ")), message);
    assertTrue(!vanishing.get("evidence").has("attributed_to"), vanishing.toString());
    assertTrue(judged.get("layers").get(0).get("weight_factor").isNull());
  }

  private static JsonNode finding(JsonNode report, String code) {
    for (JsonNode f : report.get("findings")) if (f.get("code").asText().equals(code)) return f;
    throw new AssertionError("no " + code + " in " + report.get("findings"));
  }

  @Test
  void aBrokenLineIsNamedWithItsLineAndField() throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(steps));
    lines.set(3, lines.get(3).replace("\"name\":\"dense_2\"", "\"name\":\"dense_9\""));
    Path file = dir.resolve("broken.jsonl");
    Files.write(file, lines);
    Cli.Result r =
        Cli.run("judge", file.toString()).expectCode(ExitCodes.INVALID_INPUT).expectNoStackTrace();
    assertTrue(
        r.err().contains(file + ":4: layers[1].name: 'dense_9' is not a layer of the header"),
        r.err());
    Files.writeString(file, "{\"step\": 0}\n");
    Cli.Result noHeader = Cli.run("judge", file.toString()).expectCode(ExitCodes.INVALID_INPUT);
    assertTrue(
        noHeader.err().contains(file + ":1: schema: the first line must be the header"),
        noHeader.err());
    Files.writeString(file, lines.get(0) + "\nnot json\n" + lines.get(1) + "\n");
    assertTrue(
        Cli.run("judge", file.toString())
            .expectCode(2)
            .err()
            .contains(file + ":2: not a JSON object"));
  }

  @Test
  void everyLineOfAnalyzesLogMatchesTheStepsSchema() throws IOException {
    com.networknt.schema.JsonSchema schema =
        com.networknt.schema.JsonSchemaFactory.getInstance(
                com.networknt.schema.SpecVersion.VersionFlag.V202012)
            .getSchema(Cli.run("schema", "steps").expectCode(0).out());
    for (String line : Files.readAllLines(steps))
      assertEquals(
          java.util.Set.of(),
          schema.validate(line, com.networknt.schema.InputFormat.JSON),
          line.substring(0, Math.min(200, line.length())));
  }

  @Test
  void aLastLineCutShortIsPassedOverWithANote() throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(steps));
    lines.remove(lines.size() - 1); // no footer: the run was killed
    String lastStep = lines.remove(lines.size() - 1);
    lines.add(lastStep.substring(0, lastStep.length() / 2));
    Path file = dir.resolve("killed.jsonl");
    Files.write(file, lines);
    Cli.Result r = Cli.run("judge", file.toString(), "-q").expectCode(ExitCodes.FINDINGS);
    assertTrue(r.err().contains(file + ":" + lines.size() + " is cut short"), r.err());
    assertTrue(r.err().contains("VANISHING_GRADIENT"), r.err());
    Path wrong = dir.resolve("v2.jsonl");
    Files.writeString(wrong, lines.get(0).replace("gradflow.steps/1", "gradflow.steps/2") + "\n");
    assertTrue(
        Cli.run("judge", wrong.toString()).expectCode(2).err().contains(wrong + ":1: schema:"));
  }

  static java.util.stream.Stream<String> shippedConfigs() throws IOException {
    try (var files = Files.list(Cli.repoRoot().resolve("configs"))) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".yaml"))
          .sorted()
          .toList()
          .stream();
    }
  }

  /** Every shipped config: judging analyze's --jsonl gives the report's findings and numbers. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.MethodSource("shippedConfigs")
  void judgeAgreesWithAnalyzeOnEveryShippedConfig(String config) throws IOException {
    Path log = dir.resolve(config + ".jsonl");
    Path json = dir.resolve(config + ".json");
    String spec = Cli.repoRoot().resolve("configs").resolve(config).toString();
    Cli.Result a =
        Cli.run(
            "analyze",
            spec,
            "--steps",
            "40",
            "-q",
            "--jsonl",
            log.toString(),
            "--json",
            json.toString());
    assertTrue(a.code() == 0 || a.code() == 1, config + ": " + a.err());
    JsonNode analyzedReport = Cli.JSON.readTree(Files.readString(json));
    Cli.Result j = Cli.run("judge", log.toString(), "--json", "-");
    assertEquals(a.code(), j.code(), config + ": " + j.err());
    JsonNode judged = Cli.JSON.readTree(j.out());
    for (String key : List.of("findings", "signal_ratio", "steps", "non_finite", "status"))
      assertEquals(analyzedReport.get(key), judged.get(key), config + ": " + key);
    for (int i = 0; i < analyzedReport.get("layers").size(); i++) {
      ObjectNode want = (ObjectNode) analyzedReport.get("layers").get(i).deepCopy();
      ObjectNode got = (ObjectNode) judged.get("layers").get(i).deepCopy();
      want.remove("parameters"); // the judge reports what the log records per layer
      got.remove("parameters");
      assertEquals(want, got, config + ": layer " + i);
    }
  }
}
