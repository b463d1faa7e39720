package gradflow.spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A network read from another framework's file (an ONNX model) instead of the spec's {@code
 * layers}: the layers it maps to, their names and, where the spec asks for the file's weights, the
 * initial values. Plain data: the spec package knows no file format, see {@link ModelImport}.
 *
 * @param file the model file
 * @param layers the layers, input side first, as {@code layers:} would give them
 * @param input one example's shape without the batch axis, from the graph
 * @param layerNames the name of every layer in build order (a residual block before its inner
 *     layers), from the file's own names so that findings point at the user's layer
 * @param fileWeights true to start from the file's weights, false to draw them from each layer's
 *     default initialiser (weights: init)
 * @param values initial values by network parameter name ("fc1.W"), in gradflow's layout (a dense W
 *     is [in, out]); empty when not {@code fileWeights}
 * @param runningStatistics a batchnorm layer's running mean and variance by layer name
 * @param sources for each network parameter name, the file's name for it and its layout there
 */
public record ImportedModel(
    Path file,
    List<LayerSpec> layers,
    List<Integer> input,
    List<String> layerNames,
    boolean fileWeights,
    Map<String, float[]> values,
    Map<String, float[][]> runningStatistics,
    Map<String, Source> sources) {

  /** Where a parameter came from: the ONNX initializer name, and how the file lays it out. */
  public record Source(String name, String layout) {}

  public ImportedModel {
    layers = List.copyOf(layers);
    input = List.copyOf(input);
    layerNames = List.copyOf(layerNames);
    values = Map.copyOf(values);
    runningStatistics = Map.copyOf(runningStatistics);
    sources = Map.copyOf(sources);
  }

  /** The same model with its weights to be drawn fresh (weights: init). */
  public ImportedModel withInitWeights() {
    return new ImportedModel(file, layers, input, layerNames, false, Map.of(), Map.of(), sources);
  }
}
