package gradflow.cli;

import gradflow.app.Gate;
import gradflow.probe.Checks;
import gradflow.probe.Severity;
import gradflow.report.Baseline;
import gradflow.spec.NetworkSpec;
import gradflow.spec.Threshold;
import gradflow.spec.Thresholds;
import gradflow.text.DidYouMean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * How a run is judged: the thresholds, the checks switched off and the severity that fails the
 * gate; shared by every command that judges runs.
 */
final class GateOptions {
  @Option(
      names = "--fail-on",
      paramLabel = "LEVEL",
      defaultValue = "error",
      description =
          "info|warn|error|never: exit 1 when a finding is at or above LEVEL (default: ${DEFAULT-VALUE})")
  String failOn;

  @Option(
      names = "--disable",
      paramLabel = "CODE",
      split = ",",
      description =
          "do not run the check with this finding code (repeatable or comma-separated);"
              + " gradflow checks lists the codes")
  List<String> disable = new ArrayList<>();

  @Option(
      names = "--threshold",
      paramLabel = "KEY=VALUE",
      description =
          "override a detector threshold (repeatable); keys as in the spec's thresholds,"
              + " gradflow checks lists them")
  List<String> thresholds = new ArrayList<>();

  @Option(
      names = "--baseline",
      paramLabel = "REPORT.json",
      description =
          "judge against an earlier run's --json report: only a finding at or above --fail-on"
              + " that the baseline did not have (same code and layer) fails the gate, as a"
              + " REGRESSION; the baseline's findings are reported as known (compare: every"
              + " variant against it)")
  Path baseline;

  @Option(
      names = "--baseline-tolerance",
      paramLabel = "FACTOR",
      description =
          "with --baseline: a signal_ratio or grad_ratio further from 1 than the baseline's by"
              + " more than FACTOR times is a REGRESSION too (default: "
              + Gate.DEFAULT_TOLERANCE
              + ")")
  Double tolerance;

  /** {@code base} with the --threshold overrides. */
  Thresholds thresholds(Thresholds base) {
    Thresholds result = base;
    for (String kv : thresholds) {
      int eq = kv.indexOf('=');
      if (eq < 0) throw new UserError("--threshold takes KEY=VALUE, found '" + kv + "'");
      String key = kv.substring(0, eq).trim();
      Threshold t = Threshold.byKey(key);
      if (t == null) {
        List<String> keys = Arrays.stream(Threshold.values()).map(Threshold::key).toList();
        throw new UserError(
            "--threshold: unknown key '"
                + key
                + "'"
                + DidYouMean.suggestion(key, keys)
                + "; known keys: "
                + String.join(", ", keys));
      }
      double value;
      try {
        value = Double.parseDouble(kv.substring(eq + 1).trim());
      } catch (NumberFormatException e) {
        throw new UserError(
            "--threshold " + key + ": '" + kv.substring(eq + 1) + "' is not a number");
      }
      if (!Double.isFinite(value) || value < 0)
        throw new UserError("--threshold " + key + " must be a finite number >= 0, found " + value);
      result = result.with(t, value);
    }
    return result;
  }

  /** {@code spec} judged with the --threshold overrides. */
  NetworkSpec apply(NetworkSpec spec) {
    return thresholds.isEmpty() ? spec : spec.withThresholds(thresholds(spec.thresholds()));
  }

  /** The lowest severity that fails the gate, or null for never. */
  Severity failOn() {
    return switch (failOn) {
      case "info" -> Severity.INFO;
      case "warn" -> Severity.WARN;
      case "error" -> Severity.ERROR;
      case "never" -> null;
      default ->
          throw new UserError(
              "--fail-on must be one of info, warn, error, never; found '" + failOn + "'");
    };
  }

  /** The gate of --fail-on, with the --baseline report's findings and ratios. */
  Gate gate() {
    Severity level = failOn();
    if (tolerance != null && baseline == null)
      throw new UserError("--baseline-tolerance judges against a baseline; give --baseline too");
    if (tolerance != null && (!Double.isFinite(tolerance) || tolerance < 1))
      throw new UserError(
          "--baseline-tolerance must be a factor of 1 or more (4: four times as far from 1), found "
              + tolerance);
    if (baseline == null) return new Gate(level);
    try {
      return new Gate(
          level, Baseline.read(baseline), tolerance == null ? Gate.DEFAULT_TOLERANCE : tolerance);
    } catch (Baseline.BadBaseline e) {
      throw new UserError(e.getMessage());
    }
  }

  /** The codes of the checks not to run, each a known code. */
  List<String> disabledChecks() {
    List<String> codes = Checks.codes();
    List<String> disabled = new ArrayList<>();
    for (String code : disable) {
      if (!codes.contains(code)) {
        throw new UserError(
            "--disable: unknown finding code '"
                + code
                + "'"
                + DidYouMean.suggestion(code, codes)
                + "; gradflow checks lists them");
      }
      if (!disabled.contains(code)) disabled.add(code);
    }
    return List.copyOf(disabled);
  }
}
