package gradflow.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gradflow.probe.Finding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The findings and ratios of an earlier report ({@code --baseline REPORT.json}). A finding with the
 * code and layer of one of the baseline's is known, whatever its severity now; any other is new. A
 * ratio further from 1 than the baseline's by more than the tolerance factor has regressed. Read
 * from a {@value Report#SCHEMA} file; nothing else of it is used.
 *
 * @param file the file as given on the command line, for messages and the report
 * @param findings the baseline's findings, in its order
 * @param ratios the baseline's signal_ratio median and the grad_ratio of its layers
 */
public record Baseline(String file, List<Report.BaselineFinding> findings, Ratios ratios) {

  public Baseline {
    findings = List.copyOf(findings);
  }

  /** Thrown for a baseline file that cannot be read or is not a report; the message says why. */
  public static final class BadBaseline extends Exception {
    BadBaseline(String message) {
      super(message);
    }
  }

  /** Reads the findings of the report at {@code path}. */
  public static Baseline read(Path path) throws BadBaseline {
    String where = "--baseline " + path + ": ";
    if (!Files.isRegularFile(path))
      throw new BadBaseline(
          where
              + (Files.exists(path) ? "not a regular file" : "no such file")
              + "; give the --json report of an earlier run");
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(Files.readString(path));
    } catch (JsonProcessingException e) {
      throw new BadBaseline(
          where + "not JSON (" + e.getOriginalMessage() + " at line " + line(e) + ")");
    } catch (IOException e) {
      throw new BadBaseline(where + "cannot read it (" + e.getMessage() + ")");
    }
    String schema =
        root != null && root.path("schema").isTextual() ? root.get("schema").asText() : null;
    if (!Report.SCHEMA.equals(schema))
      throw new BadBaseline(
          where
              + "not a "
              + Report.SCHEMA
              + " report ("
              + (schema == null ? "no schema key" : "schema is '" + schema + "'")
              + "); write one with gradflow analyze --json FILE");
    JsonNode list = root.get("findings");
    if (list == null || !list.isArray())
      throw new BadBaseline(where + "its findings are missing or not a list");
    List<Report.BaselineFinding> findings = new ArrayList<>();
    for (JsonNode f : list) {
      if (!f.path("code").isTextual()
          || !f.path("layer").isTextual()
          || !List.of("info", "warn", "error").contains(f.path("severity").asText()))
        throw new BadBaseline(
            where
                + "findings["
                + findings.size()
                + "] needs a code, a layer and a severity (info, warn or error)");
      findings.add(
          new Report.BaselineFinding(
              f.get("code").asText(), f.get("layer").asText(), f.get("severity").asText()));
    }
    return new Baseline(path.toString(), findings, ratios(root));
  }

  /** The report's ratios as {@link Ratios#of} gives them; null where it has none. */
  private static Ratios ratios(JsonNode root) {
    JsonNode median = root.path("signal_ratio").path("median");
    List<Double> grads = new ArrayList<>();
    for (JsonNode layer : root.path("layers")) {
      JsonNode g = layer.path("mean_abs_grad_median");
      grads.add(g.isNumber() ? g.asDouble() : null);
    }
    return new Ratios(median.isNumber() ? median.asDouble() : null, Ratios.grad(grads));
  }

  private static String line(JsonProcessingException e) {
    return e.getLocation() == null ? "?" : String.valueOf(e.getLocation().getLineNr());
  }

  /** True when the baseline has a finding of {@code code} at {@code layer}. */
  public boolean has(String code, String layer) {
    return findings.stream().anyMatch(b -> b.code().equals(code) && b.layer().equals(layer));
  }

  /**
   * The run's findings against this baseline (new, known and fixed ones) and its ratios against the
   * baseline's, each a regression when further from 1 by more than {@code tolerance} times.
   */
  public Report.BaselineDiff diff(List<Finding> current, Ratios now, double tolerance) {
    List<Report.BaselineFinding> fresh = new ArrayList<>();
    List<Report.BaselineFinding> known = new ArrayList<>();
    for (Finding f : current) {
      var entry =
          new Report.BaselineFinding(
              f.code(), f.layer(), f.severity().name().toLowerCase(Locale.ROOT));
      (has(f.code(), f.layer()) ? known : fresh).add(entry);
    }
    List<Report.BaselineFinding> fixed = new ArrayList<>();
    for (var b : findings)
      if (current.stream().noneMatch(f -> f.code().equals(b.code()) && f.layer().equals(b.layer())))
        fixed.add(b);
    List<Report.RatioChange> changes =
        List.of(
            change("signal_ratio", ratios.signal(), now.signal(), tolerance),
            change("grad_ratio", ratios.grad(), now.grad(), tolerance));
    return new Report.BaselineDiff(file, tolerance, fresh, known, fixed, changes);
  }

  private static Report.RatioChange change(
      String name, Double before, Double after, double tolerance) {
    if (before == null || after == null)
      return new Report.RatioChange(name, before, after, null, false);
    // a ratio of 0 is infinitely far from 1: worse_by is then 0 or infinite (null in JSON)
    double worseBy = before.equals(after) ? 1 : Ratios.imbalance(after) / Ratios.imbalance(before);
    return new Report.RatioChange(
        name, before, after, ReportBuilder.num(worseBy), worseBy > tolerance);
  }
}
