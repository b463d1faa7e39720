package gradflow.steps;

import gradflow.app.Gate;
import gradflow.app.RunResult;
import gradflow.app.Version;
import gradflow.probe.Checks;
import gradflow.probe.Finding;
import gradflow.probe.StepStats;
import gradflow.report.Report;
import gradflow.report.Verdict;
import gradflow.spec.Thresholds;
import java.util.List;

/** Judges a steps file with the same checks and report as analyze. */
public final class Judge {
  private Judge() {}

  /** The judged report of {@code steps}, read from {@code source} (with its SHA-256). */
  public static Judged judge(
      StepsReader.StepsRun steps,
      String source,
      String sha256,
      Thresholds thresholds,
      List<String> disabled,
      Gate gate) {
    List<Finding> findings = Checks.run(steps.run(), thresholds, disabled);
    List<StepStats> logged = steps.run().steps();
    StepStats last = logged.isEmpty() ? null : logged.get(logged.size() - 1);
    int logEvery = logged.size() >= 2 ? logged.get(1).step() - logged.get(0).step() : 1;
    var summary = steps.run().summary();
    Report.Training training =
        new Report.Training(
            summary.stepsRun(),
            summary.stepsRun(),
            0,
            Math.max(1, logEvery),
            "steps file " + source,
            0,
            null,
            last == null ? null : finite(last.loss()),
            last == null ? null : finite(last.accuracy()),
            finite(summary.testAccuracy()),
            null,
            null,
            null);
    Report.Provenance provenance =
        new Report.Provenance(
            Version.VALUE,
            source,
            sha256,
            0,
            steps.producer(),
            "as recorded",
            System.getProperty("java.version"),
            System.getProperty("os.name"),
            System.getProperty("os.arch"));
    RunResult result =
        new RunResult(
            steps.model(), steps.run(), findings, thresholds, disabled, provenance, training);
    Verdict verdict = gate.judge(result);
    Report report =
        gate.withBaseline(result.report(verdict, gate.label()), result)
            .withChecksNotRun(CheckNeeds.notRun(steps.recorded(), steps.run().layers(), disabled));
    return new Judged(report, verdict);
  }

  /** A judged steps file. */
  public record Judged(Report report, Verdict verdict) {}

  private static Double finite(double x) {
    return Double.isFinite(x) ? x : null;
  }
}
