package gradflow.app;

import gradflow.probe.Finding;
import gradflow.probe.Severity;
import gradflow.report.Baseline;
import gradflow.report.Ratios;
import gradflow.report.Report;
import gradflow.report.Verdict;

/**
 * The gate: the one place where a run's findings become its verdict. A run fails when a finding is
 * at or above {@code failOn} (null: never) and, with a {@code baseline}, the baseline did not have
 * it (same code and layer): a regression. Findings the baseline had are known and pass. With a
 * baseline, a signal or gradient ratio further from 1 than the baseline's by more than {@code
 * tolerance} times is a regression too (unless failOn is never). A run a stop request cut short is
 * interrupted, whatever its findings (they judge the steps done, and the exit code is the
 * signal's).
 *
 * @param failOn the lowest severity that fails, or null for never
 * @param baseline an earlier report's findings and ratios, or null to judge every finding
 * @param tolerance the factor by which a ratio may be further from 1 than the baseline's
 */
public record Gate(Severity failOn, Baseline baseline, double tolerance) {
  /**
   * The default --baseline-tolerance: a ratio may drift up to 4 times as far from 1. Measured on
   * configs/classic-relu.yaml (300 steps): reseeding it (seeds 1-4) moved its ratios up to 2.4
   * times, so 2 would fail on the seed alone; classic-sigmoid against it is 731 (grad_ratio) and
   * 1260 (signal_ratio) times out.
   */
  public static final double DEFAULT_TOLERANCE = 4.0;

  /** A gate that never fails a run. */
  public static final Gate NEVER = new Gate(null);

  /** A gate without a baseline. */
  public Gate(Severity failOn) {
    this(failOn, null, DEFAULT_TOLERANCE);
  }

  public Verdict judge(RunResult result) {
    if (result.interrupted()) return Verdict.INTERRUPTED;
    boolean ratioRegressed = baseline != null && !diff(result).ratioRegressions(label()).isEmpty();
    return ratioRegressed || result.findings().stream().anyMatch(this::fails)
        ? Verdict.FAIL
        : Verdict.PASS;
  }

  /** True when {@code f} fails the gate: at or above failOn, and not known to the baseline. */
  public boolean fails(Finding f) {
    return failOn != null
        && f.severity().compareTo(failOn) >= 0
        && (baseline == null || !baseline.has(f.code(), f.layer()));
  }

  /** The judged report with its baseline block, when there is a baseline. */
  public Report withBaseline(Report report, RunResult result) {
    return baseline == null ? report : report.withBaseline(diff(result));
  }

  private Report.BaselineDiff diff(RunResult result) {
    return baseline.diff(result.findings(), Ratios.of(result.run()), tolerance);
  }

  /** The level as the reports show it: "info", "warn", "error" or "never". */
  public String label() {
    return failOn == null ? "never" : failOn.label();
  }
}
