package gradflow.app;

import gradflow.data.DataLoader;
import gradflow.data.DataSplit;
import gradflow.model.Network;
import gradflow.model.NetworkBuilder;
import gradflow.probe.Checks;
import gradflow.probe.Finding;
import gradflow.probe.GradientProbe;
import gradflow.probe.RunStats;
import gradflow.report.Report;
import gradflow.report.Verdict;
import gradflow.spec.CsvSpec;
import gradflow.spec.IdxSpec;
import gradflow.spec.MnistSpec;
import gradflow.spec.NetworkSpec;
import gradflow.spec.NpySpec;
import gradflow.spec.SpecPaths;
import gradflow.spec.SyntheticSpec;
import gradflow.train.StepView;
import gradflow.train.Trainer;
import gradflow.train.TrainingObserver;
import gradflow.train.TrainingSummary;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The run pipeline: load data, build, train with the probe attached, judge, and hand every step and
 * the report to the run's sinks. Every output (JSON, JSONL, TensorBoard, dump, HTML, plots, text,
 * progress) is a {@link RunSink}, so analyze and each variant of compare run the same code.
 */
public final class Analyzer {
  private Analyzer() {}

  /**
   * Runs one analysis: {@code sinks} get the run's steps as it trains, in list order, and then the
   * report that {@code gate} judged; each is closed at the end, also when the run failed.
   */
  public static JudgedRun run(
      NetworkSpec spec,
      String specSha256,
      AnalyzeOptions options,
      Gate gate,
      List<? extends RunSink> sinks)
      throws IOException {
    JudgedRun run;
    try {
      RunResult result = train(spec, specSha256, options, sinks);
      Verdict verdict = gate.judge(result);
      Report report = gate.withBaseline(result.report(verdict, gate.label()), result);
      for (RunSink sink : sinks) sink.onReport(report);
      run = new JudgedRun(result, verdict, report);
    } catch (IOException | RuntimeException | Error e) {
      closeAll(sinks, e);
      throw e;
    }
    closeAll(sinks, null);
    return run;
  }

  private static RunResult train(
      NetworkSpec spec, String specSha256, AnalyzeOptions options, List<? extends RunSink> sinks) {
    DataSplit data = DataLoader.load(spec);
    Network network = NetworkBuilder.build(spec, DataType.FLOAT);
    for (RunSink sink : sinks) sink.onStart(network);
    GradientProbe probe =
        new GradientProbe(
            network,
            (view, stats) -> {
              for (RunSink sink : sinks) sink.onLoggedStep(view, stats);
            });
    // before the probe: a sink sees a step's view before that step's numbers
    TrainingObserver feed =
        new TrainingObserver() {
          @Override
          public void onStep(StepView view) {
            for (RunSink sink : sinks) sink.onStep(view);
          }

          @Override
          public void onEnd(TrainingSummary summary) {
            for (RunSink sink : sinks) sink.onEnd(summary);
          }
        };
    TrainingSummary summary =
        new Trainer(spec, network, List.of(feed, probe), options.stop()).train(data);
    RunStats run = probe.result();
    List<Finding> findings = Checks.run(run, spec.thresholds(), options.disabledChecks());
    return new RunResult(
        spec.name(),
        run,
        findings,
        spec.thresholds(),
        options.disabledChecks(),
        provenance(spec, specSha256),
        training(spec, data, run, summary));
  }

  /**
   * Closes every sink, the later ones also when an earlier one fails. A failure to close is added
   * to {@code failure}, the one that ended the run, or else the first of them is thrown.
   */
  private static void closeAll(List<? extends RunSink> sinks, Throwable failure) {
    RuntimeException first = null;
    for (RunSink sink : sinks) {
      try {
        sink.close();
      } catch (RuntimeException e) {
        if (failure != null) failure.addSuppressed(e);
        else if (first == null) first = e;
      }
    }
    if (first != null) throw first;
  }

  private static Report.Provenance provenance(NetworkSpec spec, String sha256) {
    return new Report.Provenance(
        Version.VALUE,
        spec.source(),
        sha256,
        spec.seed(),
        Nd4j.getBackend().getClass().getSimpleName(),
        "float32",
        System.getProperty("java.version"),
        System.getProperty("os.name"),
        System.getProperty("os.arch"));
  }

  private static Report.Training training(
      NetworkSpec spec, DataSplit data, RunStats run, TrainingSummary s) {
    var steps = run.steps();
    var last = steps.isEmpty() ? null : steps.get(steps.size() - 1);
    return new Report.Training(
        spec.train().steps(),
        s.stepsRun(),
        spec.train().batch(),
        spec.train().logEvery(),
        describe(spec),
        data.train().size(),
        data.hasTest() ? data.test().size() : null,
        last == null ? null : finite(last.loss()),
        last == null ? null : finite(last.accuracy()),
        finite(s.testAccuracy()),
        finite(s.testLoss()),
        finite(s.firstStepSeconds()),
        finite(s.trainSeconds()));
  }

  private static String describe(NetworkSpec spec) {
    if (spec.data() instanceof MnistSpec m)
      return "mnist " + SpecPaths.relativeToSpec(spec.source(), m.dir());
    if (spec.data() instanceof NpySpec n)
      return "npy " + SpecPaths.relativeToSpec(spec.source(), n.x());
    if (spec.data() instanceof CsvSpec c)
      return "csv " + SpecPaths.relativeToSpec(spec.source(), c.file());
    if (spec.data() instanceof IdxSpec i)
      return "idx " + SpecPaths.relativeToSpec(spec.source(), i.trainImages());
    SyntheticSpec s = (SyntheticSpec) spec.data();
    return "synthetic "
        + s.kind().name().toLowerCase(Locale.ROOT)
        + ", "
        + s.classes()
        + " classes";
  }

  private static Double finite(double x) {
    return Double.isFinite(x) ? x : null;
  }
}
