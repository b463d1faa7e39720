package gradflow.app;

import gradflow.model.LayerInfo;
import gradflow.model.Network;
import gradflow.report.AtomicFiles;
import gradflow.report.ReportJson;
import gradflow.train.StepView;
import gradflow.train.TrainingObserver;
import java.io.IOException;
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
 * Writes one training step's tensors as NumPy .npy files for checking outside gradflow: x.npy [n,
 * features] float32, y.npy int32 labels, and per parameterised layer i (1-based) L{i}_W.npy [in,
 * out], L{i}_b.npy [out], L{i}_dW.npy, L{i}_db.npy (gradients of the mean batch loss, before the
 * step's update), plus manifest.json describing the layers.
 */
final class TensorDump implements TrainingObserver {
  private final int step;
  private final Path dir;
  private final Network network;
  private final double alphaOfLayer[];
  private boolean written;
  private AtomicFiles.FileSet files; // the dump being written: all of it or none

  TensorDump(int step, Path dir, Network network, double[] alphaOfLayer) {
    this.step = step;
    this.dir = dir;
    this.network = network;
    this.alphaOfLayer = alphaOfLayer;
  }

  boolean written() {
    return written;
  }

  @Override
  public void onStep(StepView view) {
    if (view.step() != step) return;
    try (AtomicFiles.FileSet set = AtomicFiles.FileSet.in(dir)) {
      files = set;
      write("x.npy", view.batch().x());
      write("y.npy", Nd4j.createFromArray(view.batch().labels()));
      List<Map<String, Object>> layers = new ArrayList<>();
      for (LayerInfo info : network.infos()) {
        String prefix = "L" + info.index() + "_";
        String name = info.name();
        write(prefix + "W.npy", network.parameters().get(name + ".W"));
        write(prefix + "dW.npy", network.gradients().get(name + ".W"));
        if (network.parameters().containsKey(name + ".b")) {
          write(prefix + "b.npy", network.parameters().get(name + ".b"));
          write(prefix + "db.npy", network.gradients().get(name + ".b"));
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("index", info.index());
        entry.put("name", name);
        entry.put("type", info.type());
        entry.put("activation", info.activation().isEmpty() ? null : info.activation());
        if (info.activation().equals("leaky_relu") || info.activation().equals("elu"))
          entry.put("alpha", alphaOfLayer[info.index() - 1]);
        entry.put("units", info.units());
        if (info.pieces() > 1) entry.put("k", info.pieces());
        entry.put("has_bias", network.parameters().containsKey(name + ".b"));
        layers.add(entry);
      }
      Map<String, Object> manifest = new LinkedHashMap<>();
      manifest.put("step", step);
      manifest.put("batch", view.batch().labels().length);
      manifest.put("loss", view.loss());
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

  private void write(String file, INDArray array) throws IOException {
    INDArray out = array.dataType() == DataType.INT64 ? array.castTo(DataType.INT32) : array;
    files.write(file, Nd4j.toNpyByteArray(out.dup()));
  }
}
