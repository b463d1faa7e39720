package gradflow.app;

import gradflow.model.LayerInfo;
import gradflow.model.Network;
import gradflow.report.AtomicFiles;
import gradflow.report.ReportJson;
import gradflow.spec.ImportedModel;
import gradflow.train.StepView;
import gradflow.train.TrainingSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Writes one training step's tensors as NumPy .npy files for checking outside gradflow: x.npy (the
 * batch as the network reads it, float32), y.npy (int32 labels), and for every parameter P of the
 * built network, named as {@link Network#parameters()} names it ("dense_1.W", "batchnorm_3.gamma",
 * an inner layer of a residual block "dense_3.W"): P.npy, its value, and P.grad.npy, the gradient
 * of the mean batch loss, both before the step's update. manifest.json lists every layer (residual
 * blocks, pooling and flatten too) with its fields and its parameters' names, files and shapes.
 *
 * <p>A run sink; a run that ends before the step says so on {@code err}.
 */
public final class TensorDump implements RunSink {
  private final int step;
  private final Path dir;
  private final PrintStream err;
  private Network network;
  private final Map<String, ImportedModel.Source> sources;
  private boolean written;
  private AtomicFiles.FileSet files; // the dump being written: all of it or none

  /**
   * Dumps 0-based step {@code step} into {@code dir}; warns on {@code err} if it is not reached.
   */
  public TensorDump(int step, Path dir, PrintStream err) {
    this(step, dir, Map.of(), err);
  }

  /**
   * As {@link #TensorDump(int, Path, PrintStream)}, for an imported model: the manifest gives each
   * parameter's name in the model file and its layout there ({@code sources}).
   */
  public TensorDump(
      int step, Path dir, Map<String, ImportedModel.Source> sources, PrintStream err) {
    this.step = step;
    this.dir = dir;
    this.sources = sources;
    this.err = err;
  }

  @Override
  public void onStart(Network network) {
    this.network = network;
  }

  @Override
  public void onEnd(TrainingSummary summary) {
    if (!written)
      err.printf(
          "warning: --dump-step %d was not reached (training ran %d steps); nothing was dumped%n",
          step, summary.stepsRun());
  }

  /** The file of parameter {@code name}'s value: "dense_1.W.npy". */
  static String valueFile(String name) {
    return safe(name) + ".npy";
  }

  /** The file of parameter {@code name}'s gradient: "dense_1.W.grad.npy". */
  static String gradientFile(String name) {
    return safe(name) + ".grad.npy";
  }

  /** Builder names are letters, digits, _ and "."; anything else would become _, never a "/". */
  private static String safe(String name) {
    return name.replaceAll("[^A-Za-z0-9_.-]", "_");
  }

  @Override
  public void onStep(StepView view) {
    if (view.step() != step) return;
    try (AtomicFiles.FileSet set = AtomicFiles.FileSet.in(dir)) {
      files = set;
      write("x.npy", view.batch().x());
      write("y.npy", Nd4j.createFromArray(view.batch().labels()));
      Map<String, List<Map<String, Object>>> byLayer = writeParameters();
      List<Map<String, Object>> layers = new ArrayList<>();
      for (LayerInfo info : network.infos()) layers.add(layerEntry(info, byLayer));
      Map<String, Object> manifest = new LinkedHashMap<>();
      manifest.put("step", step);
      manifest.put("batch", view.batch().labels().length);
      manifest.put("loss", view.loss());
      manifest.put("x", "x.npy");
      manifest.put("y", "y.npy");
      manifest.put("maxout_columns", "column u*k + j of W holds piece j of unit u");
      manifest.put("layers", layers);
      files.write("manifest.json", ReportJson.pretty(manifest)); // last: it says the dump is whole
      files.commit();
      written = true;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the tensor dump to " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes every parameter of the network and its gradient; returns their manifest entries by
   * owning layer, the name before the last "." ("dense_3" of "dense_3.W", also inside a block).
   */
  private Map<String, List<Map<String, Object>>> writeParameters() throws IOException {
    Map<String, List<Map<String, Object>>> byLayer = new LinkedHashMap<>();
    for (LayerInfo info : network.infos()) byLayer.put(info.name(), new ArrayList<>());
    for (Map.Entry<String, INDArray> p : network.parameters().entrySet()) {
      String name = p.getKey();
      INDArray gradient = network.gradients().get(name);
      List<Map<String, Object>> owner = byLayer.get(name.substring(0, name.lastIndexOf('.')));
      if (gradient == null || owner == null)
        throw new IllegalStateException("parameter " + name + " has no gradient or no layer");
      write(valueFile(name), p.getValue());
      write(gradientFile(name), gradient);
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("name", name);
      entry.put("file", valueFile(name));
      entry.put("gradient_file", gradientFile(name));
      entry.put("shape", p.getValue().shape());
      ImportedModel.Source source = sources.get(name);
      if (source != null) {
        entry.put("onnx_name", source.name());
        entry.put("layout", source.layout());
      }
      owner.add(entry);
    }
    return byLayer;
  }

  private static Map<String, Object> layerEntry(
      LayerInfo info, Map<String, List<Map<String, Object>>> byLayer) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("index", info.index());
    entry.put("name", info.name());
    entry.put("type", info.type());
    entry.put("activation", info.activation().isEmpty() ? null : info.activation());
    if (!Double.isNaN(info.alpha())) entry.put("alpha", info.alpha());
    entry.put("units", info.units());
    if (info.pieces() > 1) entry.put("k", info.pieces());
    entry.put("parameters", byLayer.get(info.name()));
    return entry;
  }

  private void write(String file, INDArray array) throws IOException {
    INDArray out = array.dataType() == DataType.INT64 ? array.castTo(DataType.INT32) : array;
    files.write(file, Nd4j.toNpyByteArray(out.dup()));
  }
}
