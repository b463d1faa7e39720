package gradflow.app;

import gradflow.probe.Severity;
import gradflow.report.Verdict;

/**
 * The gate: the one place where a run's findings become its verdict. A run fails when a finding is
 * at or above {@code failOn} (null: never); a run a stop request cut short is interrupted, whatever
 * its findings (they judge the steps done, and the exit code is the signal's).
 */
public record Gate(Severity failOn) {
  /** A gate that never fails a run. */
  public static final Gate NEVER = new Gate(null);

  public Verdict judge(RunResult result) {
    if (result.interrupted()) return Verdict.INTERRUPTED;
    boolean fails =
        failOn != null
            && result.findings().stream().anyMatch(f -> f.severity().compareTo(failOn) >= 0);
    return fails ? Verdict.FAIL : Verdict.PASS;
  }

  /** The level as the reports show it: "info", "warn", "error" or "never". */
  public String label() {
    return failOn == null ? "never" : failOn.label();
  }
}
