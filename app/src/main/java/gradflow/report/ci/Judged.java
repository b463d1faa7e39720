package gradflow.report.ci;

import gradflow.report.Report;
import java.util.List;

/**
 * What a CI output needs of one judged run: its report and where its layers were written. compare
 * hands one per variant, analyze one.
 *
 * @param name the run's name in the output (the spec's name, or the variant's)
 * @param report the judged report
 * @param locations the spec positions of its layers
 */
public record Judged(String name, Report report, SpecLocations locations) {

  /** True when {@code f} fails the gate: at or above fail_on and not known to the baseline. */
  public boolean fails(Report.FindingEntry f) {
    List<String> order = List.of("info", "warn", "error");
    int level = order.indexOf(report.failOn());
    return level >= 0
        && order.indexOf(f.severity()) >= level
        && !report.isKnown(f.code(), f.layer());
  }
}
