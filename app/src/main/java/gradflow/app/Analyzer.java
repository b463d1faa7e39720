package gradflow.app;

import gradflow.data.DataLoader;
import gradflow.data.DataSplit;
import gradflow.model.Network;
import gradflow.model.NetworkBuilder;
import gradflow.probe.Checks;
import gradflow.probe.Finding;
import gradflow.probe.GradientProbe;
import gradflow.probe.RunStats;
import gradflow.probe.StepStats;
import gradflow.report.Report;
import gradflow.report.ReportBuilder;
import gradflow.spec.CsvSpec;
import gradflow.spec.IdxSpec;
import gradflow.spec.MnistSpec;
import gradflow.spec.NetworkSpec;
import gradflow.spec.NpySpec;
import gradflow.spec.SyntheticSpec;
import gradflow.train.Trainer;
import gradflow.train.TrainingObserver;
import gradflow.train.TrainingSummary;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** The main job: load data, build, train with the probe attached, judge, and build the report. */
public final class Analyzer {
  private Analyzer() {}

  /**
   * Runs one analysis. {@code stepListener} (may be null) receives each logged step as it is
   * measured; {@code err} gets the progress line when {@code options.progress()}.
   */
  public static Report analyze(
      NetworkSpec spec,
      String specSha256,
      AnalyzeOptions options,
      Consumer<StepStats> stepListener,
      PrintStream err) {
    DataSplit data = DataLoader.load(spec);
    Network network = NetworkBuilder.build(spec, DataType.FLOAT);
    TensorBoardObserver tensorBoard =
        options.tensorboardDir() == null
            ? null
            : new TensorBoardObserver(network, options.tensorboardDir());
    GradientProbe probe =
        new GradientProbe(network, spec.thresholds(), withTensorBoard(stepListener, tensorBoard));
    List<TrainingObserver> observers = new ArrayList<>(List.of(probe));
    if (tensorBoard != null) observers.add(tensorBoard); // after the probe: it needs its stats
    TensorDump dump = null;
    if (options.dumpStep() >= 0) {
      dump = new TensorDump(options.dumpStep(), options.dumpDir(), network);
      observers.add(dump);
    }
    if (options.progress()) observers.add(new ProgressLine(err, spec.train().steps()));
    TrainingSummary summary;
    try {
      summary = new Trainer(spec, network, observers, options.stop()).train(data);
    } finally {
      if (tensorBoard != null) tensorBoard.close();
    }
    if (dump != null && !dump.written())
      err.printf(
          "warning: --dump-step %d was not reached (training ran %d steps); nothing was dumped%n",
          options.dumpStep(), summary.stepsRun());

    RunStats run = probe.result();
    List<Finding> findings = Checks.run(run, spec.thresholds(), options.disabledChecks());
    return ReportBuilder.build(
        spec.name(),
        run,
        findings,
        options.failOn(),
        spec.thresholds(),
        options.disabledChecks(),
        provenance(spec, specSha256),
        training(spec, data, run, summary));
  }

  private static Consumer<StepStats> withTensorBoard(
      Consumer<StepStats> listener, TensorBoardObserver tensorBoard) {
    if (tensorBoard == null) return listener;
    return listener == null ? tensorBoard : tensorBoard.andThen(listener);
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
      return "mnist " + relativeToSpec(spec.source(), m.dir());
    if (spec.data() instanceof NpySpec n) return "npy " + relativeToSpec(spec.source(), n.x());
    if (spec.data() instanceof CsvSpec c) return "csv " + relativeToSpec(spec.source(), c.file());
    if (spec.data() instanceof IdxSpec i)
      return "idx " + relativeToSpec(spec.source(), i.trainImages());
    SyntheticSpec s = (SyntheticSpec) spec.data();
    return "synthetic "
        + s.kind().name().toLowerCase(Locale.ROOT)
        + ", "
        + s.classes()
        + " classes";
  }

  /**
   * The data folder as seen from the spec's folder ("../testdata/mnist-mini"), so that the report
   * does not depend on where the checkout lives. A folder that shares no more than the file-system
   * root with the spec's folder stays absolute.
   */
  static String relativeToSpec(String source, String dir) {
    try {
      Path base = source == null ? null : Path.of(source).toAbsolutePath().normalize().getParent();
      Path data = Path.of(dir).toAbsolutePath().normalize();
      if (base == null) return data.toString();
      Path relative = base.relativize(data);
      int up = 0;
      while (up < relative.getNameCount() && relative.getName(up).toString().equals("..")) up++;
      if (up >= base.getNameCount()) return data.toString();
      return relative.toString().isEmpty() ? "." : relative.toString();
    } catch (IllegalArgumentException e) { // another root or an invalid path
      return dir;
    }
  }

  private static Double finite(double x) {
    return Double.isFinite(x) ? x : null;
  }
}
