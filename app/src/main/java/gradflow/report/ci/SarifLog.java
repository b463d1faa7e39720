package gradflow.report.ci;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import gradflow.probe.CheckInfo;
import gradflow.probe.Checks;
import gradflow.probe.Severity;
import gradflow.report.Report;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code --sarif FILE}: the findings as a SARIF 2.1.0 log (GitHub code scanning, GitLab, IDE
 * viewers). One run of the tool: {@code tool.driver.rules} are the check declarations ({@link
 * Checks#all}: code, summary, default severity, thresholds read), and each finding is one result
 * located at its layer's line and column in the spec (the {@code model:} line for an imported
 * model; the spec file alone for a finding on "network"). compare puts every variant's results in
 * the same run (GitHub accepts one run per tool and category), each naming its variant. Levels:
 * info is {@code note}, warn {@code warning}, error {@code error}; with a baseline each result has
 * a {@code baselineState} of {@code new} or {@code unchanged}.
 */
public final class SarifLog {
  public static final String SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private SarifLog() {}

  public static String render(List<Judged> runs, String version) {
    List<CheckInfo> checks = Checks.all();
    List<Object> rules = new ArrayList<>();
    for (CheckInfo c : checks) rules.add(rule(c));
    Map<String, Object> driver = new LinkedHashMap<>();
    driver.put("name", "gradflow");
    driver.put("version", version);
    driver.put("rules", rules);
    List<Object> results = new ArrayList<>();
    for (Judged run : runs)
      for (Report.FindingEntry f : run.report().findings())
        results.add(result(run, f, checks, runs.size() > 1));
    Map<String, Object> sarifRun = new LinkedHashMap<>();
    sarifRun.put("tool", Map.of("driver", driver));
    sarifRun.put("results", results);
    Map<String, Object> log = new LinkedHashMap<>();
    log.put("$schema", SCHEMA_URI);
    log.put("version", "2.1.0");
    log.put("runs", List.of(sarifRun));
    try {
      return MAPPER.writeValueAsString(log) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Object> rule(CheckInfo c) {
    Map<String, Object> rule = new LinkedHashMap<>();
    rule.put("id", c.code());
    rule.put("name", camel(c.code()));
    rule.put("shortDescription", Map.of("text", c.summary()));
    String full =
        c.summary() + (c.escalation() == null ? "" : " Error when " + c.escalation() + ".");
    rule.put("fullDescription", Map.of("text", full));
    rule.put("defaultConfiguration", Map.of("level", level(c.severity())));
    rule.put(
        "properties", Map.of("thresholds", c.thresholds().stream().map(t -> t.key()).toList()));
    return rule;
  }

  private static Map<String, Object> result(
      Judged run, Report.FindingEntry f, List<CheckInfo> checks, boolean named) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("ruleId", f.code());
    int index = checks.stream().map(CheckInfo::code).toList().indexOf(f.code());
    if (index >= 0) result.put("ruleIndex", index);
    result.put("level", level(Severity.valueOf(f.severity().toUpperCase(Locale.ROOT))));
    String prefix = named ? "[" + run.name() + "] " : "";
    result.put(
        "message",
        Map.of("text", prefix + f.layer() + ": " + f.message() + "; fix: " + f.remedy()));
    result.put("locations", List.of(location(run.locations(), f.layer())));
    if (run.report().baseline() != null)
      result.put("baselineState", run.report().isKnown(f.code(), f.layer()) ? "unchanged" : "new");
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("run", run.name());
    properties.put("layer", f.layer());
    properties.put("severity", f.severity());
    properties.put("failsGate", run.fails(f));
    properties.put("evidence", f.evidence());
    properties.put("threshold", f.threshold());
    properties.put("remedy", f.remedy());
    result.put("properties", properties);
    return result;
  }

  private static Map<String, Object> location(SpecLocations where, String layer) {
    Map<String, Object> physical = new LinkedHashMap<>();
    if (where.uri() != null) physical.put("artifactLocation", Map.of("uri", where.uri()));
    int[] lineCol = where.of(layer);
    if (lineCol != null)
      physical.put("region", Map.of("startLine", lineCol[0], "startColumn", lineCol[1]));
    Map<String, Object> location = new LinkedHashMap<>();
    if (!physical.isEmpty()) location.put("physicalLocation", physical);
    location.put("logicalLocations", List.of(Map.of("name", layer, "kind", "module")));
    return location;
  }

  /** SARIF's level of a severity. */
  static String level(Severity s) {
    return switch (s) {
      case INFO -> "note";
      case WARN -> "warning";
      case ERROR -> "error";
    };
  }

  /** VANISHING_GRADIENT -> VanishingGradient, SARIF's rule name. */
  private static String camel(String code) {
    StringBuilder out = new StringBuilder();
    for (String part : code.split("_"))
      if (!part.isEmpty())
        out.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
    return out.toString();
  }
}
