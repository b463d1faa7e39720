package gradflow.app;

import gradflow.probe.Finding;
import gradflow.probe.RunStats;
import gradflow.report.Report;
import gradflow.report.ReportBuilder;
import gradflow.report.Verdict;
import gradflow.spec.Thresholds;
import java.util.List;

/**
 * One finished (or interrupted) run: its numbers, its findings and where they came from, not yet
 * judged. The gate turns it into a {@link Verdict}, and {@link #report} into the report.
 *
 * @param name the spec's name
 * @param run the probe's numbers
 * @param findings what the checks found
 * @param thresholds the thresholds the checks read
 * @param disabledChecks the finding codes whose checks did not run
 * @param provenance what ran, where
 * @param training how training went
 */
public record RunResult(
    String name,
    RunStats run,
    List<Finding> findings,
    Thresholds thresholds,
    List<String> disabledChecks,
    Report.Provenance provenance,
    Report.Training training) {

  /** True when a stop request ended training before its last step. */
  public boolean interrupted() {
    return run.summary() != null && run.summary().interrupted();
  }

  /** The report of this run as judged: {@code failOn} is the gate's label ("error", "never"). */
  public Report report(Verdict verdict, String failOn) {
    return ReportBuilder.build(
        name, run, findings, verdict, failOn, thresholds, disabledChecks, provenance, training);
  }
}
