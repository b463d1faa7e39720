package gradflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import gradflow.probe.CheckInfo;
import gradflow.probe.Checks;
import gradflow.spec.Threshold;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The checks' declarations are the source of truth; the README's findings table, the report schema
 * and {@code gradflow checks} must agree with them.
 */
class FindingDocsTest {
  private static final Pattern KEY = Pattern.compile("`([a-z_]+)`");

  /** README rows of the findings table by code: [severity, rule]. */
  private static Map<String, String[]> readmeRows() throws IOException {
    String readme = Files.readString(Cli.repoRoot().resolve("README.md"));
    String table = readme.substring(readme.indexOf("## Findings and their thresholds"));
    table =
        table.substring(
            table.indexOf("| code |"), table.indexOf("\n\n", table.indexOf("| code |")));
    Map<String, String[]> rows = new LinkedHashMap<>();
    for (String line : table.lines().skip(2).toList()) {
      String[] cells = line.split(" \\| ");
      rows.put(cells[0].substring(2), new String[] {cells[1], cells[2]});
    }
    return rows;
  }

  @Test
  void readmeTableHasEveryCheckWithItsSeverityAndThresholds() throws IOException {
    Map<String, String[]> rows = readmeRows();
    assertEquals(new TreeSet<>(Checks.codes()), new TreeSet<>(rows.keySet()), "codes");
    for (CheckInfo info : Checks.all()) {
      String[] row = rows.get(info.code());
      String severity =
          info.severity().label()
              + (info.escalation() == null ? "" : "; error " + info.escalation());
      assertEquals(severity, row[0], info.code());
      Set<String> keys = new TreeSet<>();
      Matcher m = KEY.matcher(row[1]);
      while (m.find()) keys.add(m.group(1));
      Set<String> declared = new TreeSet<>();
      for (Threshold t : info.thresholds()) declared.add(t.key());
      assertEquals(declared, keys, info.code() + ": thresholds named in the README rule");
    }
  }

  @Test
  void reportAndCompareSchemasEnumerateTheCodes() throws IOException {
    for (String schema : List.of("report", "compare")) {
      String text = Cli.run("schema", schema).expectCode(0).out();
      JsonNode codes = Cli.JSON.readTree(text).at("/$defs/findingCode/enum");
      List<String> listed = new ArrayList<>();
      codes.forEach(c -> listed.add(c.asText()));
      assertEquals(Checks.codes(), listed, schema);
    }
  }

  @Test
  void checksCommandListsEveryCodeInTextAndJson() throws IOException {
    Cli.Result text = Cli.run("checks").expectCode(0);
    for (String code : Checks.codes()) assertEquals(true, text.out().contains(code + " "), code);
    JsonNode json = Cli.JSON.readTree(Cli.run("checks", "--json").expectCode(0).out());
    assertEquals(ChecksCommand.SCHEMA, json.get("schema").asText());
    List<String> listed = new ArrayList<>();
    json.get("checks").forEach(c -> listed.add(c.get("code").asText()));
    assertEquals(Checks.codes(), listed);
    JsonNode dead = json.get("checks").get(Checks.codes().indexOf("DEAD_UNITS"));
    assertEquals("warn", dead.get("severity").asText());
    assertEquals(0.5, dead.get("thresholds").get("dead_fraction").asDouble());
    assertEquals(0.1, dead.get("thresholds").get("dead_fraction_info").asDouble());
  }

  @Test
  void disableSwitchesOneCheckOffAndTheReportSaysSo() throws IOException {
    String spec = Cli.repoRoot().resolve("configs/maxout-dominant.yaml").toString();
    JsonNode all =
        Cli.JSON.readTree(
            Cli.run("analyze", spec, "--steps", "30", "-q", "--json", "-").expectCode(0).out());
    assertEquals(List.of("MAXOUT_DOMINANT_PIECE", "MAXOUT_DEAD_PIECE"), codes(all));
    assertEquals(null, all.get("disabled_checks"), "absent when nothing is disabled");
    Cli.Result r =
        Cli.run(
                "analyze",
                spec,
                "--steps",
                "30",
                "-q",
                "--json",
                "-",
                "--disable",
                "MAXOUT_DEAD_PIECE")
            .expectCode(0);
    JsonNode some = Cli.JSON.readTree(r.out());
    assertEquals(List.of("MAXOUT_DOMINANT_PIECE"), codes(some));
    assertEquals("[\"MAXOUT_DEAD_PIECE\"]", some.get("disabled_checks").toString());
    Cli.assertValidReport(r.out());
  }

  @Test
  void anUnknownCodeIsAUsageErrorWithTheClosestCode() {
    String spec = Cli.repoRoot().resolve("configs/maxout-dominant.yaml").toString();
    Cli.Result r =
        Cli.run("analyze", spec, "--disable", "DEAD_UNIT").expectCode(2).expectNoStackTrace();
    assertEquals(
        true,
        r.err().contains("--disable: unknown finding code 'DEAD_UNIT'; did you mean 'DEAD_UNITS'?"),
        r.err());
    Cli.run("compare", spec, "--disable", "NOPE").expectCode(2).expectNoStackTrace();
  }

  private static List<String> codes(JsonNode report) {
    List<String> codes = new ArrayList<>();
    report.get("findings").forEach(f -> codes.add(f.get("code").asText()));
    return codes;
  }
}
