package gradflow.app;

import gradflow.model.Network;
import gradflow.probe.LayerStat;
import gradflow.probe.LayerStepStats;
import gradflow.probe.StepStats;
import gradflow.report.Report;
import gradflow.report.TextReport;
import gradflow.report.tensorboard.EventFileWriter;
import gradflow.report.tensorboard.Histogram;
import gradflow.train.StepView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Writes each logged step to a TensorBoard event file: the probe's per-layer numbers as scalars
 * (the exported {@link LayerStat}s: {@code dense_1/mean_abs_grad}, …, {@code loss}, {@code
 * accuracy}) and a 30-bucket histogram of every parameter's gradient and weights ({@code
 * dense_1.W/grad}, {@code dense_1.W/weight}). Once the run is judged, the findings and the verdict
 * as text summaries ({@code findings}, {@code verdict}) at the last logged step, for TensorBoard's
 * Text tab.
 *
 * <p>A run sink: each logged step arrives with the probe's numbers of that step, so the scalars are
 * exactly the report's per-step values. The event file is created when the run starts.
 */
public final class TensorBoardObserver implements RunSink {
  private final Path dir;
  private EventFileWriter writer;
  private boolean broken;

  /** Writes into {@code dir}, created if missing, once the run starts. */
  public TensorBoardObserver(Path dir) {
    this.dir = dir;
  }

  /** With a writer opened elsewhere (a test's failing stream). */
  TensorBoardObserver(Path dir, EventFileWriter writer) {
    this.dir = dir;
    this.writer = writer;
  }

  @Override
  public void onStart(Network network) {
    if (writer == null) writer = create(dir);
  }

  private static EventFileWriter create(Path dir) {
    try {
      return EventFileWriter.create(dir);
    } catch (IOException e) {
      throw failure(dir, e);
    }
  }

  @Override
  public void onLoggedStep(StepView view, StepStats stats) {
    Network network = view.network();
    Map<String, Histogram> histograms = new LinkedHashMap<>();
    network.gradients().forEach((param, grad) -> histograms.put(param + "/grad", histogram(grad)));
    network
        .parameters()
        .forEach((param, weight) -> histograms.put(param + "/weight", histogram(weight)));
    try {
      writer.write(view.step(), scalars(stats), histograms);
    } catch (IOException e) {
      broken = true;
      throw failure(dir, e);
    }
  }

  @Override
  public void onReport(Report report) {
    if (writer == null) return;
    List<Report.StepEntry> steps = report.steps();
    long step = steps.isEmpty() ? 0 : steps.get(steps.size() - 1).step();
    Map<String, String> texts = new LinkedHashMap<>();
    texts.put("findings", findings(report));
    texts.put("verdict", TextReport.verdict(report).strip());
    try {
      writer.writeTexts(step, texts);
    } catch (IOException e) {
      broken = true;
      throw failure(dir, e);
    }
  }

  /** Each finding as a markdown paragraph: severity, code and layer, the message, the fix. */
  static String findings(Report report) {
    if (report.findings().isEmpty()) return "No findings.";
    StringBuilder out = new StringBuilder();
    for (Report.FindingEntry f : report.findings())
      out.append(
          String.format(
              "**%s %s** at `%s`: %s%n%nfix: %s%n%n",
              f.severity().toUpperCase(Locale.ROOT), f.code(), f.layer(), f.message(), f.remedy()));
    return out.toString().strip();
  }

  @Override
  public void close() {
    if (writer == null) return;
    try {
      writer.close();
    } catch (IOException e) {
      // after a failed write, closing fails the same way; the write's error is the one reported
      if (!broken) throw failure(dir, e);
    }
  }

  /** Tags and values of one step; NaN ("does not apply") is left out rather than plotted. */
  static Map<String, Float> scalars(StepStats stats) {
    Map<String, Float> scalars = new LinkedHashMap<>();
    put(scalars, "loss", stats.loss());
    put(scalars, "accuracy", stats.accuracy());
    for (LayerStepStats l : stats.layers()) {
      for (LayerStat stat : LayerStat.values())
        if (stat.exported()) put(scalars, l.layer() + "/" + stat.key(), l.get(stat));
    }
    return scalars;
  }

  private static void put(Map<String, Float> scalars, String tag, double value) {
    if (!Double.isNaN(value)) scalars.put(tag, (float) value);
  }

  /** Min, max and sums by ND4J reductions (in double), buckets by one pass over the elements. */
  private static Histogram histogram(INDArray array) {
    INDArray x = array.castTo(DataType.DOUBLE); // a fresh copy: the view is reused after onStep
    double min = x.minNumber().doubleValue();
    double max = x.maxNumber().doubleValue();
    double sum = x.sumNumber().doubleValue();
    double norm = x.norm2Number().doubleValue();
    float[] values = array.dup().reshape(array.length()).toFloatVector();
    return Histogram.of(values, min, max, sum, norm * norm);
  }

  /**
   * "cannot write --tensorboard FILE: REASON": the event file when the writer names it (every
   * failure after the file is created), else the folder (creating it failed).
   */
  private static UncheckedIOException failure(Path dir, IOException e) {
    String where = dir.toString();
    String reason = e.getMessage();
    if (e instanceof FileSystemException f) {
      if (f.getFile() != null) where = f.getFile();
      reason = f.getReason() != null ? f.getReason() : describe(f);
    }
    return new UncheckedIOException("cannot write --tensorboard " + where + ": " + reason, e);
  }

  /** A reason for the exceptions that carry none. */
  private static String describe(FileSystemException e) {
    if (e instanceof AccessDeniedException) return "permission denied";
    if (e instanceof NoSuchFileException) return "no such file or folder";
    if (e instanceof FileAlreadyExistsException) return "a file is in the way of the folder";
    return e.getClass().getSimpleName();
  }
}
