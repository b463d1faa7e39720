package gradflow.cli;

import static gradflow.cli.Cli.run;
import static gradflow.cli.Cli.runWithEnv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import gradflow.app.Gate;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Issue 12: the baseline gate (--baseline) and the CI outputs (--junit, --sarif, --summary, GitHub
 * workflow annotations), each against its schema where it has one.
 */
class CiOutputsTest {
  @TempDir Path dir;

  /** No GitHub in the environment, whatever the machine running the tests has. */
  private static final Map<String, String> PLAIN = Map.of();

  private static final Map<String, String> GITHUB = Map.of("GITHUB_ACTIONS", "true");

  private static String config(String name) {
    return Cli.repoRoot().resolve("configs/" + name + ".yaml").toString();
  }

  @Test
  void sigmoidAgainstAReluBaselineIsARegression() throws IOException {
    Path base = dir.resolve("relu.json");
    run("analyze", config("classic-relu"), "--steps", "300", "-q", "--json", base.toString())
        .expectCode(ExitCodes.OK);
    Path report = dir.resolve("sigmoid.json");
    Cli.Result r =
        run(
                "analyze",
                config("classic-sigmoid"),
                "--steps",
                "300",
                "--baseline",
                base.toString(),
                "--json",
                report.toString())
            .expectCode(ExitCodes.FINDINGS);

    assertTrue(r.out().contains("REGRESSION VANISHING_GRADIENT  dense_1 (error)"), r.out());
    // the new finding, and both ratios hundreds of times further from 1 than relu's
    assertTrue(r.out().contains("3 regressions against " + base), r.out());
    String json = Files.readString(report);
    Cli.assertValidReport(json);
    JsonNode b = Cli.readJson(json).get("baseline");
    assertEquals(base.toString(), b.get("file").asText());
    assertEquals("VANISHING_GRADIENT", b.get("new").get(0).get("code").asText());
    assertEquals(0, b.get("known").size());
  }

  @Test
  void aRatioFurtherFromOneThanTheToleranceIsARegressionWithoutANewFinding() throws IOException {
    Path base = dir.resolve("relu.json");
    run("analyze", config("classic-relu"), "--steps", "300", "-q", "--json", base.toString())
        .expectCode(ExitCodes.OK);
    // the vanishing check off: only the ratios can tell that sigmoid's gradient got worse
    String[] sigmoid = {
      "analyze",
      config("classic-sigmoid"),
      "--steps",
      "300",
      "-q",
      "--disable",
      "VANISHING_GRADIENT",
      "--baseline",
      base.toString(),
      "--junit",
      dir.resolve("sigmoid.xml").toString(),
      "--json",
      "-"
    };
    Cli.Result r = run(sigmoid).expectCode(ExitCodes.FINDINGS);
    Document doc = validJunit(Files.readString(dir.resolve("sigmoid.xml")));
    Element failure = (Element) doc.getElementsByTagName("failure").item(0);
    assertEquals("REGRESSION", failure.getAttribute("type"));
    assertEquals("signal_ratio", ((Element) failure.getParentNode()).getAttribute("name"));

    JsonNode b = Cli.readJson(r.out()).get("baseline");
    assertEquals(0, b.get("new").size(), r.out());
    assertEquals(Gate.DEFAULT_TOLERANCE, b.get("tolerance").asDouble());
    JsonNode signal = b.get("ratios").get(0);
    assertEquals("signal_ratio", signal.get("ratio").asText());
    assertTrue(signal.get("regression").asBoolean(), signal.toString());
    assertTrue(signal.get("worse_by").asDouble() > 100, signal.toString());
    assertTrue(r.err().contains("REGRESSION signal_ratio  0.703 -> "), r.err());
    assertTrue(r.err().contains("verdict: FAIL (fail on: error; 2 regressions against"), r.err());
    Cli.assertValidReport(r.out());

    String[] tolerant = java.util.Arrays.copyOf(sigmoid, sigmoid.length + 2);
    tolerant[sigmoid.length] = "--baseline-tolerance";
    tolerant[sigmoid.length + 1] = "1e6";
    r = run(tolerant).expectCode(ExitCodes.OK);
    b = Cli.readJson(r.out()).get("baseline");
    assertFalse(b.get("ratios").get(0).get("regression").asBoolean(), r.out());
    assertTrue(r.err().contains("  ratio      signal_ratio  0.703 -> "), r.err());
  }

  @Test
  void aBadToleranceIsBadInput() throws IOException {
    Path spec = Cli.write(dir, "healthy.yaml", Cli.HEALTHY);
    Cli.Result r = run("analyze", spec.toString(), "--baseline-tolerance", "3");
    r.expectCode(ExitCodes.INVALID_INPUT);
    assertTrue(r.err().contains("give --baseline too"), r.err());
    Path base = dir.resolve("base.json");
    run("analyze", spec.toString(), "-q", "--json", base.toString()).expectCode(ExitCodes.OK);
    r =
        run(
            "analyze",
            spec.toString(),
            "--baseline",
            base.toString(),
            "--baseline-tolerance",
            "0.5");
    r.expectCode(ExitCodes.INVALID_INPUT);
    assertTrue(r.err().contains("--baseline-tolerance must be a factor of 1 or more"), r.err());
  }

  @Test
  void aSpecAgainstItsOwnBaselinePasses() throws IOException {
    Path dead = Cli.write(dir, "dead.yaml", Cli.DEAD_RELU);
    Path base = dir.resolve("base.json");
    run("analyze", dead.toString(), "-q", "--json", base.toString()).expectCode(ExitCodes.FINDINGS);
    Path report = dir.resolve("again.json");
    Cli.Result r =
        run("analyze", dead.toString(), "-q", "--baseline", base.toString(), "--json", "-")
            .expectCode(ExitCodes.OK);

    JsonNode json = Cli.readJson(r.out());
    assertEquals("pass", json.get("status").asText());
    assertEquals(0, json.get("baseline").get("new").size());
    assertTrue(json.get("baseline").get("known").size() > 0, r.out());
    // no signal reaches dense_1 in either (signal_ratio 0); dead inputs give no grad_ratio
    JsonNode ratios = json.get("baseline").get("ratios");
    assertEquals(1.0, ratios.get(0).get("worse_by").asDouble(), ratios.toString());
    assertTrue(ratios.get(1).get("worse_by").isNull(), ratios.toString());
    for (JsonNode ratio : ratios)
      assertFalse(ratio.get("regression").asBoolean(), ratio.toString());
    assertTrue(r.err().contains("known      DEAD_UNITS  dense_1 (error)"), r.err());
    assertTrue(r.err().contains("verdict: PASS (fail on: error; 0 regressions against"), r.err());
    assertFalse(Files.exists(report));
  }

  @Test
  void aHealthyBaselineMakesADeadLayerARegressionInCompare() throws IOException {
    Path healthy = Cli.write(dir, "healthy.yaml", Cli.HEALTHY);
    Path dead = Cli.write(dir, "dead.yaml", Cli.DEAD_RELU);
    Path base = dir.resolve("base.json");
    run("analyze", healthy.toString(), "-q", "--json", base.toString()).expectCode(ExitCodes.OK);
    run("compare", healthy.toString(), "--baseline", base.toString(), "-q")
        .expectCode(ExitCodes.OK);
    Path junit = dir.resolve("compare.xml");
    Cli.Result r =
        run(
                "compare",
                healthy.toString(),
                dead.toString(),
                "--baseline",
                base.toString(),
                "--junit",
                junit.toString(),
                "--json",
                "-")
            .expectCode(ExitCodes.FINDINGS);
    assertTrue(r.err().contains("REGRESSION DEAD_UNITS  dense_1 (error)"), r.err());
    JsonNode variants = Cli.readJson(r.out()).get("variants");
    assertEquals(0, variants.get(0).get("baseline").get("new").size());
    assertTrue(
        variants.get(1).get("baseline").get("new").findValuesAsText("code").contains("DEAD_UNITS"),
        r.out());
    var schema =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(run("schema", "compare").expectCode(ExitCodes.OK).out());
    assertEquals(Set.of(), schema.validate(r.out(), InputFormat.JSON));
    Document doc = validJunit(Files.readString(junit));
    assertEquals(2, doc.getElementsByTagName("testsuite").getLength());
  }

  @Test
  void aBadBaselineIsBadInputNamingTheFile() throws IOException {
    Path spec = Cli.write(dir, "healthy.yaml", Cli.HEALTHY);
    Path missing = dir.resolve("missing.json");
    Cli.Result r =
        run("analyze", spec.toString(), "--baseline", missing.toString())
            .expectCode(ExitCodes.INVALID_INPUT)
            .expectNoStackTrace();
    assertTrue(r.err().contains("--baseline " + missing + ": no such file"), r.err());

    Path garbage = Cli.write(dir, "garbage.json", "{not json");
    r = run("analyze", spec.toString(), "--baseline", garbage.toString());
    r.expectCode(ExitCodes.INVALID_INPUT).expectNoStackTrace();
    assertTrue(r.err().contains("--baseline " + garbage + ": not JSON"), r.err());

    Path other = Cli.write(dir, "compare.json", "{\"schema\": \"gradflow.compare/1\"}");
    r = run("compare", spec.toString(), "--baseline", other.toString());
    r.expectCode(ExitCodes.INVALID_INPUT).expectNoStackTrace();
    assertTrue(
        r.err().contains("not a gradflow.report/1 report (schema is 'gradflow.compare/1')"),
        r.err());
  }

  @Test
  void outputsMayNotReplaceTheBaselineOrTheSpec() throws IOException {
    Path spec = Cli.write(dir, "healthy.yaml", Cli.HEALTHY);
    Path base = dir.resolve("base.json");
    run("analyze", spec.toString(), "-q", "--json", base.toString()).expectCode(ExitCodes.OK);
    String before = Files.readString(base);
    Cli.Result r =
        run("analyze", spec.toString(), "--baseline", base.toString(), "--json", base.toString())
            .expectCode(ExitCodes.INVALID_INPUT);
    assertTrue(r.err().contains("is the --baseline report being read"), r.err());
    assertEquals(before, Files.readString(base));
    r = run("analyze", spec.toString(), "--sarif", spec.toString());
    r.expectCode(ExitCodes.INVALID_INPUT);
    assertTrue(r.err().contains("--sarif " + spec + " is the spec being read"), r.err());
  }

  @Test
  void junitHasAFailureWithTheRemedyAndValidates() throws IOException {
    Path dead = Cli.write(dir, "dead.yaml", Cli.DEAD_RELU);
    Path junit = dir.resolve("out/junit.xml");
    run("analyze", dead.toString(), "-q", "--junit", junit.toString(), "--disable", "FROZEN_UNITS")
        .expectCode(ExitCodes.FINDINGS);

    Document doc = validJunit(Files.readString(junit));
    Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
    assertTrue(Integer.parseInt(suite.getAttribute("failures")) >= 1);
    Element failure = failureOf(doc, "DEAD_UNITS", "dense_1");
    assertTrue(failure.getAttribute("message").startsWith("ERROR DEAD_UNITS: "), failure::toString);
    assertTrue(failure.getTextContent().contains("fix: "), failure.getTextContent());
    assertTrue(Integer.parseInt(suite.getAttribute("skipped")) >= 1);
  }

  @Test
  void sarifLocatesEachFindingAtItsLayerAndValidates() throws IOException {
    Path dead = Cli.write(dir, "dead.yaml", Cli.DEAD_RELU);
    Path sarif = dir.resolve("gradflow.sarif");
    run("analyze", dead.toString(), "-q", "--sarif", sarif.toString())
        .expectCode(ExitCodes.FINDINGS);
    String text = Files.readString(sarif);

    var schema =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
            .getSchema(resource("sarif-2.1.0-subset.schema.json"));
    Set<ValidationMessage> problems = schema.validate(text, InputFormat.JSON);
    assertEquals(Set.of(), problems, text);

    JsonNode run = Cli.readJson(text).get("runs").get(0);
    assertEquals(
        gradflow.probe.Checks.codes().size(), run.get("tool").get("driver").get("rules").size());
    JsonNode dense1 = null;
    for (JsonNode r : run.get("results"))
      if (r.get("ruleId").asText().equals("DEAD_UNITS")
          && r.get("properties").get("layer").asText().equals("dense_1")) dense1 = r;
    assertTrue(dense1 != null, text);
    assertEquals("error", dense1.get("level").asText());
    JsonNode physical = dense1.get("locations").get(0).get("physicalLocation");
    assertEquals(dead.toUri().toString(), physical.get("artifactLocation").get("uri").asText());
    int line = lineOf(Cli.DEAD_RELU, "  - dense: {units: 16");
    assertEquals(line, physical.get("region").get("startLine").asInt());
    assertEquals(5, physical.get("region").get("startColumn").asInt());
  }

  @Test
  void judgeWritesTheCiOutputsLocatedInTheStepsFile() throws IOException {
    Path dead = Cli.write(dir, "dead.yaml", Cli.DEAD_RELU);
    Path steps = dir.resolve("dead.jsonl");
    Path base = dir.resolve("dead.json");
    run("analyze", dead.toString(), "-q", "--jsonl", steps.toString(), "--json", base.toString())
        .expectCode(ExitCodes.FINDINGS);
    Path sarif = dir.resolve("judge.sarif");
    Path junit = dir.resolve("judge.xml");
    Path summary = dir.resolve("judge.md");
    String[] judge = {
      "judge",
      steps.toString(),
      "-q",
      "--sarif",
      sarif.toString(),
      "--junit",
      junit.toString(),
      "--summary",
      summary.toString(),
      "--annotations",
      "github"
    };
    Cli.Result r = runWithEnv(PLAIN, judge).expectCode(ExitCodes.FINDINGS);

    String text = Files.readString(sarif);
    var schema =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
            .getSchema(resource("sarif-2.1.0-subset.schema.json"));
    assertEquals(Set.of(), schema.validate(text, InputFormat.JSON), text);
    JsonNode physical = null;
    for (JsonNode res : Cli.readJson(text).get("runs").get(0).get("results"))
      if (res.get("ruleId").asText().equals("DEAD_UNITS"))
        physical = res.get("locations").get(0).get("physicalLocation");
    assertTrue(physical != null, text);
    assertEquals(steps.toUri().toString(), physical.get("artifactLocation").get("uri").asText());
    // line 1 is the header; line 2 the first step, which records dense_1
    List<String> lines = Files.readAllLines(steps);
    assertEquals(2, physical.get("region").get("startLine").asInt());
    assertEquals(
        lines.get(1).indexOf("\"name\":\"dense_1\"") + 1,
        physical.get("region").get("startColumn").asInt(),
        lines.get(1));
    assertTrue(r.err().contains("::error file=" + steps + ",line=2,"), r.err());
    failureOf(validJunit(Files.readString(junit)), "DEAD_UNITS", "dense_1");
    assertTrue(Files.readString(summary).contains("DEAD_UNITS"));

    // against its own analyze report: every finding known, the gate passes
    r = run("judge", steps.toString(), "--baseline", base.toString(), "--json", "-");
    r.expectCode(ExitCodes.OK);
    JsonNode b = Cli.readJson(r.out()).get("baseline");
    assertEquals(0, b.get("new").size(), r.out());
    assertTrue(b.get("known").size() > 0, r.out());
    Cli.assertValidReport(r.out());
  }

  @Test
  void annotationsOnlyOnGithubOrWhenAskedAndNeverOnStdout() throws IOException {
    Path dead = Cli.write(dir, "dead.yaml", Cli.DEAD_RELU);
    String[] analyze = {"analyze", dead.toString(), "-q", "--json", "-"};

    Cli.Result plain = runWithEnv(PLAIN, analyze).expectCode(ExitCodes.FINDINGS);
    assertFalse(plain.err().contains("::"), plain.err());

    Cli.Result github = runWithEnv(GITHUB, analyze).expectCode(ExitCodes.FINDINGS);
    int line = lineOf(Cli.DEAD_RELU, "  - dense: {units: 16");
    assertTrue(
        github
            .err()
            .contains(
                "::error file=" + dead + ",line=" + line + ",col=5,title=DEAD_UNITS (dense_1)::"),
        github.err());
    assertFalse(github.out().contains("::"), github.out());
    Cli.readJson(github.out()); // stdout is the report alone

    List<String> asked = new ArrayList<>(List.of(analyze));
    asked.addAll(List.of("--annotations", "github"));
    Cli.Result flag = runWithEnv(PLAIN, asked.toArray(String[]::new));
    assertTrue(flag.err().contains("::error file="), flag.err());

    asked.set(asked.size() - 1, "none");
    Cli.Result off = runWithEnv(GITHUB, asked.toArray(String[]::new));
    assertFalse(off.err().contains("::"), off.err());

    asked.set(asked.size() - 1, "gitlab");
    runWithEnv(PLAIN, asked.toArray(String[]::new)).expectCode(ExitCodes.INVALID_INPUT);
  }

  @Test
  void summaryIsReplacedButAppendedToTheStepSummary() throws IOException {
    Path dead = Cli.write(dir, "dead.yaml", Cli.DEAD_RELU);
    Path summary = Cli.write(dir, "summary.md", "old\n");
    run("analyze", dead.toString(), "-q", "--summary", summary.toString());
    String written = Files.readString(summary);
    assertFalse(written.startsWith("old"), written);
    assertTrue(written.contains("## ❌ gradflow: blobs-dead — FAIL"), written);
    assertTrue(written.contains("| ❌ | error | `DEAD_UNITS` | dense_1 |"), written);
    assertTrue(written.contains("| 1 | dense_1 | dense | relu | 16 |"), written);

    Path step = Cli.write(dir, "step_summary", "earlier step\n");
    runWithEnv(
        Map.of("GITHUB_STEP_SUMMARY", step.toString()),
        "analyze",
        dead.toString(),
        "-q",
        "--summary",
        step.toString());
    String appended = Files.readString(step);
    assertTrue(appended.startsWith("earlier step\n## ❌ gradflow"), appended);
  }

  private static int lineOf(String text, String prefix) {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) if (lines[i].startsWith(prefix)) return i + 1;
    throw new AssertionError(prefix + " not in the spec");
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = CiOutputsTest.class.getResourceAsStream("/gradflow/ci/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Parses {@code xml} after validating it against the shipped JUnit XSD. */
  private static Document validJunit(String xml) throws IOException {
    try {
      var schema =
          SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
              .newSchema(new StreamSource(new StringReader(resource("junit.xsd"))));
      schema.newValidator().validate(new StreamSource(new StringReader(xml)));
      return DocumentBuilderFactory.newInstance()
          .newDocumentBuilder()
          .parse(new org.xml.sax.InputSource(new StringReader(xml)));
    } catch (org.xml.sax.SAXException | javax.xml.parsers.ParserConfigurationException e) {
      throw new AssertionError("invalid JUnit XML: " + e.getMessage() + "\n" + xml, e);
    }
  }

  private static Element failureOf(Document doc, String code, String layer) {
    var cases = doc.getElementsByTagName("testcase");
    for (int i = 0; i < cases.getLength(); i++) {
      Element c = (Element) cases.item(i);
      if (c.getAttribute("name").equals(code)
          && c.getAttribute("classname").endsWith("." + layer)
          && c.getElementsByTagName("failure").getLength() == 1)
        return (Element) c.getElementsByTagName("failure").item(0);
    }
    throw new AssertionError("no failure for " + code + " at " + layer);
  }
}
