package gradflow.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import gradflow.model.Network;
import gradflow.probe.Finding;
import gradflow.probe.RunStats;
import gradflow.probe.Severity;
import gradflow.probe.StepStats;
import gradflow.report.Report;
import gradflow.report.Verdict;
import gradflow.spec.NetworkSpec;
import gradflow.spec.SpecReader;
import gradflow.train.StepView;
import gradflow.train.TrainingSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a run hands its sinks, in which order, and how the gate judges it. */
class RunPipelineTest {
  private static final NetworkSpec SPEC =
      SpecReader.parse(
          "name: pipe\nseed: 3\ninput: [4]\n"
              + "data: {synthetic: {kind: blobs, classes: 3, samples: 60}}\n"
              + "layers:\n  - dense: {units: 5, activation: sigmoid}\n"
              + "  - dense: {units: 3, activation: softmax}\n"
              + "train: {steps: 5, batch: 8, log_every: 2}\n",
          "pipe.yaml",
          null);

  /** Writes down every call it gets. */
  private static final class Recorder implements RunSink {
    final List<String> calls = new ArrayList<>();
    final List<StepStats> logged = new ArrayList<>();
    Report report;

    @Override
    public void onStart(Network network) {
      calls.add("start");
    }

    @Override
    public void onStep(StepView view) {
      calls.add("step " + view.step());
    }

    @Override
    public void onLoggedStep(StepView view, StepStats stats) {
      assertEquals(view.step(), stats.step(), "the view and the stats of one step come together");
      assertEquals(view.loss(), stats.loss());
      calls.add("logged " + view.step());
      logged.add(stats);
    }

    @Override
    public void onEnd(TrainingSummary summary) {
      calls.add("end " + summary.stepsRun());
    }

    @Override
    public void onReport(Report report) {
      calls.add("report " + report.status());
      this.report = report;
    }

    @Override
    public void close() {
      calls.add("close");
    }
  }

  @Test
  void sinksGetEveryStepTheLoggedOnesWithTheirStatsThenTheReportAndAreClosed() throws Exception {
    Recorder sink = new Recorder();
    JudgedRun run = Analyzer.run(SPEC, "sha", AnalyzeOptions.defaults(), Gate.NEVER, List.of(sink));

    assertEquals(
        List.of(
            "start",
            "step 0",
            "logged 0",
            "step 1",
            "step 2",
            "logged 2",
            "step 3",
            "step 4",
            "logged 4",
            "end 5",
            "report pass",
            "close"),
        sink.calls);
    assertEquals(
        run.result().run().steps(), sink.logged, "the report's steps are the streamed ones");
    assertSame(run.report(), sink.report);
    assertEquals(Verdict.PASS, run.verdict());
    assertEquals("never", run.report().failOn());
  }

  @Test
  void aSinkThatFailsStopsTheRunAndEverySinkIsStillClosed() {
    Recorder later = new Recorder();
    RunSink failing =
        new RunSink() {
          @Override
          public void onStep(StepView view) {
            if (view.step() == 1) throw new IllegalStateException("disk full");
          }
        };

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                Analyzer.run(
                    SPEC, "sha", AnalyzeOptions.defaults(), Gate.NEVER, List.of(failing, later)));

    assertEquals("disk full", e.getMessage());
    assertEquals("close", later.calls.get(later.calls.size() - 1));
    assertEquals(List.of(), later.calls.stream().filter(c -> c.startsWith("report")).toList());
  }

  @Test
  void aStoppedRunIsInterruptedWhateverItsFindings() throws Exception {
    Recorder sink = new Recorder();
    JudgedRun run =
        Analyzer.run(
            SPEC,
            "sha",
            new AnalyzeOptions(List.of(), () -> true),
            new Gate(Severity.INFO),
            List.of(sink));

    assertEquals(Verdict.INTERRUPTED, run.verdict());
    assertEquals("interrupted", run.report().status());
    assertEquals("end 1", sink.calls.get(sink.calls.size() - 3));
  }

  @Test
  void theGateFailsARunWithAFindingAtOrAboveItsLevel() {
    RunResult warned = result(List.of(finding(Severity.WARN)));
    assertEquals(Verdict.FAIL, new Gate(Severity.INFO).judge(warned));
    assertEquals(Verdict.FAIL, new Gate(Severity.WARN).judge(warned));
    assertEquals(Verdict.PASS, new Gate(Severity.ERROR).judge(warned));
    assertEquals(Verdict.PASS, Gate.NEVER.judge(warned));
    assertEquals(Verdict.PASS, new Gate(Severity.INFO).judge(result(List.of())));
    assertEquals("warn", new Gate(Severity.WARN).label());
    assertEquals("never", Gate.NEVER.label());
  }

  private static Finding finding(Severity severity) {
    return new Finding("TEST_CODE", severity, "dense_1", "message", Map.of(), Map.of(), "remedy");
  }

  private static RunResult result(List<Finding> findings) {
    return new RunResult(
        "r",
        new RunStats(List.of(), List.of(), Map.of(), List.of(), null),
        findings,
        SPEC.thresholds(),
        List.of(),
        null,
        null);
  }
}
