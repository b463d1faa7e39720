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
    Files.writeString(file, lines.get(0) + "\nnot json\n");
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
}
