package gradflow.cli;

import static gradflow.cli.Cli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --json and --jsonl: what goes to stdout, files, and the report's schema. */
class ReportOutputTest {
  @TempDir Path dir;

  @Test
  void jsonToStdoutIsOneDocumentAndTheTableGoesToStderr() throws IOException {
    Path spec = Cli.write(dir, "healthy.yaml", Cli.HEALTHY);

    Cli.Result r = run("analyze", spec.toString(), "--json", "-").expectCode(ExitCodes.OK);

    JsonNode report = Cli.readJson(r.out()); // fails on anything before or after the document
    assertEquals("gradflow.report/1", report.get("schema").asText());
    assertEquals("pass", report.get("status").asText());
    assertTrue(r.err().contains("verdict: PASS"), r.err());
    assertTrue(r.err().contains("dense_1"), r.err());
    Cli.assertValidReport(r.out());
  }

  @Test
  void jsonlToStdoutIsOneObjectPerLoggedStep() throws IOException {
    Path spec = Cli.write(dir, "healthy.yaml", Cli.HEALTHY);

    Cli.Result r = run("analyze", spec.toString(), "--jsonl", "-").expectCode(ExitCodes.OK);

    List<String> lines = r.out().lines().toList();
    assertEquals(List.of(0, 10, 20, 30, 39), stepsOf(lines)); // log_every 10 and the last step
    assertEquals("gradflow.steps/1", Cli.readJson(lines.get(0)).get("schema").asText());
    assertEquals(40, Cli.readJson(lines.get(lines.size() - 1)).get("end").get("steps_run").asInt());
    JsonSchema stepSchema = stepSchema();
    for (String line : lines.subList(1, lines.size() - 1)) {
      JsonNode step = reportPart(Cli.readJson(line));
      assertTrue(step.has("loss") && step.has("layers"), line);
      assertEquals(2, step.get("layers").size(), line);
      assertEquals(Set.of(), stepSchema.validate(step.toString(), InputFormat.JSON), line);
    }
    assertTrue(r.err().contains("verdict: PASS"), r.err());
  }

  @Test
  void jsonAndJsonlCannotBothUseStdout() throws IOException {
    Path spec = Cli.write(dir, "healthy.yaml", Cli.HEALTHY);

    Cli.Result r = run("analyze", spec.toString(), "--json", "-", "--jsonl", "-");

    r.expectCode(ExitCodes.INVALID_INPUT).expectNoStackTrace();
    assertTrue(r.err().contains("cannot both write to stdout"), r.err());
    assertEquals("", r.out());
  }

  @Test
  void jsonlFileIsCompleteAndThePartialFileIsGone() throws IOException {
    Path spec = Cli.write(dir, "healthy.yaml", Cli.HEALTHY);
    Path jsonl = dir.resolve("out/steps.jsonl");
    Path json = dir.resolve("out/report.json");

    Cli.Result r =
        run("analyze", spec.toString(), "--jsonl", jsonl.toString(), "--json", json.toString());

    r.expectCode(ExitCodes.OK);
    assertTrue(r.out().contains("verdict: PASS"), "the table stays on stdout: " + r.out());
    List<String> lines = Files.readAllLines(jsonl);
    assertEquals(List.of(0, 10, 20, 30, 39), stepsOf(lines));
    assertFalse(Files.exists(dir.resolve("out/steps.jsonl.partial")));
    // the stream and the report's steps are the same numbers
    JsonNode steps = Cli.readJson(Files.readString(json)).get("steps");
    for (int i = 1; i < lines.size() - 1; i++)
      assertEquals(steps.get(i - 1), reportPart(Cli.readJson(lines.get(i))));
  }

  /** A step line without what only re-judging needs (saturation ladder, per-parameter values). */
  private static JsonNode reportPart(JsonNode line) {
    ObjectNode step = line.deepCopy();
    for (JsonNode layer : step.get("layers"))
      ((ObjectNode) layer).remove(List.of("saturation_shares", "parameters"));
    return step;
  }

  @Test
  void quietWithJsonFileLeavesStdoutEmpty() throws IOException {
    Path spec = Cli.write(dir, "healthy.yaml", Cli.HEALTHY);
    Path json = dir.resolve("report.json");

    Cli.Result r = run("analyze", spec.toString(), "-q", "--json", json.toString());

    r.expectCode(ExitCodes.OK);
    assertEquals("", r.out());
    Cli.assertValidReport(Files.readString(json));
  }

  @Test
  void errorReportValidatesAndCarriesTheFindings() throws IOException {
    Path spec = Cli.write(dir, "dead.yaml", Cli.DEAD_RELU);
    Path json = dir.resolve("report.json");

    run("analyze", spec.toString(), "--json", json.toString()).expectCode(ExitCodes.FINDINGS);

    String text = Files.readString(json);
    Cli.assertValidReport(text);
    JsonNode report = Cli.readJson(text);
    assertEquals("fail", report.get("status").asText());
    JsonNode dead = findingOf(report, "DEAD_UNITS");
    assertEquals("error", dead.get("severity").asText());
    assertEquals("dense_1", dead.get("layer").asText());
    assertEquals(1.0, dead.get("evidence").get("dead_fraction").asDouble());
    assertEquals(0.5, dead.get("threshold").get("dead_fraction").asDouble());
    assertEquals(0.1, dead.get("threshold").get("dead_fraction_info").asDouble());
    assertFalse(dead.get("remedy").asText().isEmpty());
  }

  @Test
  void maxoutReportCountsEveryExampleOncePerUnit() throws IOException {
    Path spec = Cli.write(dir, "maxout.yaml", Cli.MAXOUT_DOMINANT);
    Path json = dir.resolve("report.json");

    run("analyze", spec.toString(), "--json", json.toString()).expectCode(ExitCodes.OK);

    String text = Files.readString(json);
    Cli.assertValidReport(text);
    JsonNode report = Cli.readJson(text);
    JsonNode maxout = report.get("layers").get(0);
    assertEquals("maxout", maxout.get("type").asText());
    assertEquals(3, maxout.get("pieces").asInt());
    JsonNode wins = maxout.get("piece_win_count");
    assertEquals(8, wins.size()); // [units][k]
    long examples = 40L * 32; // steps_run * batch
    for (JsonNode unit : wins) {
      assertEquals(3, unit.size());
      long sum = 0;
      for (JsonNode count : unit) sum += count.asLong();
      assertEquals(examples, sum, unit::toString);
    }
    assertFalse(report.get("layers").get(1).has("piece_win_count"), "dense layers have none");
    // each logged step counts its window: step 0 alone, then 10 steps, ..., then 9 steps
    long[] windows = {32, 320, 320, 320, 288};
    JsonNode steps = report.get("steps");
    for (int i = 0; i < windows.length; i++) {
      for (JsonNode unit : steps.get(i).get("layers").get(0).get("piece_win_count")) {
        long sum = 0;
        for (JsonNode count : unit) sum += count.asLong();
        assertEquals(windows[i], sum, "step " + steps.get(i).get("step"));
      }
    }
    assertTrue(findingCodes(report).contains("MAXOUT_DOMINANT_PIECE"), report::toString);
  }

  @Test
  void schemaRejectsWhatReportJsonNeverWrites() throws IOException {
    Path spec = Cli.write(dir, "maxout.yaml", Cli.MAXOUT_DOMINANT);
    String text = run("analyze", spec.toString(), "--json", "-").expectCode(0).out();
    Cli.assertValidReport(text);

    assertInvalid(text, r -> r.put("schema", "gradflow.report/2"));
    assertInvalid(text, r -> r.put("extra", 1));
    assertInvalid(text, r -> r.remove("steps"));
    assertInvalid(text, r -> layer(r, 0).remove("piece_win_count"));
    assertInvalid(
        text, r -> layer(r, 1).set("piece_win_count", layer(r, 0).get("piece_win_count")));
    assertInvalid(text, r -> layer(r, 0).put("mean_abs_grad", "NaN"));
    assertInvalid(text, r -> ((ObjectNode) r.get("findings").get(0)).put("severity", "fatal"));
    assertInvalid(text, r -> r.put("status", "ok"));
  }

  private static ObjectNode layer(ObjectNode report, int i) {
    return (ObjectNode) report.get("layers").get(i);
  }

  private static void assertInvalid(String report, Consumer<ObjectNode> change) throws IOException {
    ObjectNode node = (ObjectNode) Cli.readJson(report);
    change.accept(node);
    assertFalse(
        Cli.reportSchema().validate(node.toString(), InputFormat.JSON).isEmpty(),
        "the schema accepted a changed report");
  }

  @Test
  void nonFiniteRunStillWritesAValidReport() throws IOException {
    Path spec = Cli.write(dir, "nan.yaml", Cli.BLOWS_UP);
    Path json = dir.resolve("report.json");

    Cli.Result r = run("analyze", spec.toString(), "--json", json.toString());

    r.expectCode(ExitCodes.FINDINGS).expectNoStackTrace();
    String text = Files.readString(json);
    Cli.assertValidReport(text);
    JsonNode report = Cli.readJson(text);
    JsonNode nonFinite = report.get("non_finite");
    assertTrue(nonFinite.isObject(), report::toString);
    int step = nonFinite.get("step").asInt();
    assertEquals(step + 1, report.get("training").get("steps_run").asInt());
    assertTrue(step + 1 < report.get("training").get("steps_planned").asInt());
    assertTrue(report.get("training").get("final_loss").isNull());
    assertEquals("NON_FINITE", report.get("findings").get(0).get("code").asText());
    assertTrue(r.out().contains("NON_FINITE"), r.out());
  }

  @Test
  void sameSpecAndSeedGiveTheSameReport() throws IOException {
    Path spec = Cli.write(dir, "maxout.yaml", Cli.MAXOUT_DOMINANT);

    String first = run("analyze", spec.toString(), "--json", "-").expectCode(0).out();
    String second = run("analyze", spec.toString(), "--json", "-").expectCode(0).out();
    String reseeded = run("analyze", spec.toString(), "--json", "-", "--seed", "6").out();

    assertEquals(withoutRunFacts(first), withoutRunFacts(second));
    assertFalse(withoutRunFacts(first).equals(withoutRunFacts(reseeded)), "--seed has an effect");
  }

  /** The report without provenance and timings, which differ between identical runs. */
  static JsonNode withoutRunFacts(String report) throws IOException {
    ObjectNode node = (ObjectNode) Cli.readJson(report);
    node.remove("provenance");
    ObjectNode training = (ObjectNode) node.get("training");
    training.remove("first_step_seconds");
    training.remove("train_seconds");
    return node;
  }

  private static List<Integer> stepsOf(List<String> lines) throws IOException {
    List<Integer> steps = new ArrayList<>();
    // the gradflow.steps/1 header and footer carry no step
    for (String line : lines) {
      JsonNode node = Cli.readJson(line);
      if (node.has("step")) steps.add(node.get("step").asInt());
    }
    return steps;
  }

  private static JsonNode findingOf(JsonNode report, String code) {
    for (JsonNode f : report.get("findings")) if (f.get("code").asText().equals(code)) return f;
    throw new AssertionError("no " + code + " in " + report.get("findings"));
  }

  private static List<String> findingCodes(JsonNode report) {
    List<String> codes = new ArrayList<>();
    report.get("findings").forEach(f -> codes.add(f.get("code").asText()));
    return codes;
  }

  /** The report schema's step definition on its own: what each --jsonl line must match. */
  private static JsonSchema stepSchema() throws IOException {
    ObjectNode report = (ObjectNode) Cli.readJson(run("schema", "report").out());
    ObjectNode step = Cli.JSON.createObjectNode();
    step.put("$schema", report.get("$schema").asText());
    step.put("$ref", "#/$defs/step");
    step.set("$defs", report.get("$defs"));
    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(step);
  }
}
