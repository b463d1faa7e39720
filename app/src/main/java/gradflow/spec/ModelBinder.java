package gradflow.spec;

import gradflow.spec.SpecNode.Entry;
import gradflow.spec.SpecNode.MapNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Binds {@code model: {onnx: FILE, weights: file|init}}: the file is read by the {@link
 * ModelImport} the reader was given, and its problems are reported at the {@code onnx:} value, with
 * the node they concern in the message.
 */
final class ModelBinder {
  static final List<String> KEYS = List.of("onnx", "weights");
  static final List<String> WEIGHTS = List.of("file", "init");
  private static final String HINT = "write model: {onnx: net.onnx}, a path relative to the spec";

  private ModelBinder() {}

  /** The imported model, or null after reporting. */
  static ImportedModel bind(SpecNode value, Path baseDir, ModelImport models, Problems problems) {
    if (!(value instanceof MapNode map)) {
      problems.at(value, "model", "model must be a map, found " + value.describe(), HINT);
      return null;
    }
    MapFields f = new MapFields(map, "model", "model.", KEYS, problems);
    SpecNode onnx = f.require("onnx", HINT);
    String weights = f.text("weights", "file");
    if (weights != null && !WEIGHTS.contains(weights)) {
      f.problemAt(
          "weights",
          MapFields.unknownMessage("model.weights", weights, weights, WEIGHTS),
          "file starts from the model's own weights; init draws fresh ones from each layer's"
              + " default initialiser, to see whether the initialisation is the problem");
      return null;
    }
    String path = onnx == null ? null : f.text("onnx", null);
    if (path == null) return null;
    Path file = baseDir == null ? Path.of(path) : baseDir.resolve(path);
    try {
      ImportedModel model = models.load(file);
      return "init".equals(weights) ? model.withInitWeights() : model;
    } catch (ModelImport.Failure e) {
      problems.at(onnx, "model", e.getMessage(), e.hint());
      return null;
    }
  }

  /** The spec's input, which must be the model's when given; the model's when not. */
  static List<Integer> checkInput(
      ImportedModel model, SpecNode inputNode, List<Integer> input, Problems problems) {
    if (inputNode == null || input == null) return model.input();
    if (!input.equals(model.input()))
      problems.at(
          inputNode,
          "",
          "input " + input + " is not the model's input " + model.input(),
          "leave input out: it is read from the model");
    return input;
  }

  /** The model's layers as bound layers, each located at the model setting. */
  static List<BoundLayer> boundLayers(ImportedModel model, Entry key) {
    return bound(model.layers(), key, model.layerNames().iterator());
  }

  private static List<BoundLayer> bound(List<LayerSpec> layers, Entry key, Iterator<String> names) {
    List<BoundLayer> bound = new ArrayList<>();
    MapNode settings = (MapNode) key.value();
    for (LayerSpec layer : layers) {
      String path = "model layer '" + names.next() + "'";
      List<BoundLayer> block =
          layer instanceof ResidualSpec r ? bound(r.layers(), key, names) : List.of();
      bound.add(new BoundLayer(layer, path, key, key.value(), key.value(), settings, block));
    }
    return bound;
  }
}
