package gradflow.app;

import gradflow.probe.Finding;
import gradflow.probe.Severity;
import gradflow.report.Baseline;
import gradflow.report.Report;
import gradflow.report.Verdict;

/**
 * The gate: the one place where a run's findings become its verdict. A run fails when a finding is
 * at or above {@code failOn} (null: never) and, with a {@code baseline}, the baseline did not have
 * it (same code and layer): a regression. Findings the baseline had are known and pass. A run a
 * stop request cut short is interrupted, whatever its findings (they judge the steps done, and the
 * exit code is the signal's).
 *
 * @param failOn the lowest severity that fails, or null for never
 * @param baseline an earlier report's findings, or null to judge every finding
 */
public record Gate(Severity failOn, Baseline baseline) {
  /** A gate that never fails a run. */
  public static final Gate NEVER = new Gate(null);

  /** A gate without a baseline. */
  public Gate(Severity failOn) {
    this(failOn, null);
  }

  public Verdict judge(RunResult result) {
    if (result.interrupted()) return Verdict.INTERRUPTED;
    return result.findings().stream().anyMatch(this::fails) ? Verdict.FAIL : Verdict.PASS;
  }

  /** True when {@code f} fails the gate: at or above failOn, and not known to the baseline. */
  public boolean fails(Finding f) {
    return failOn != null
        && f.severity().compareTo(failOn) >= 0
        && (baseline == null || !baseline.has(f.code(), f.layer()));
  }

  /** The judged report with its baseline block, when there is a baseline. */
  public Report withBaseline(Report report, RunResult result) {
    return baseline == null ? report : report.withBaseline(baseline.diff(result.findings()));
  }

  /** The level as the reports show it: "info", "warn", "error" or "never". */
  public String label() {
    return failOn == null ? "never" : failOn.label();
  }
}
