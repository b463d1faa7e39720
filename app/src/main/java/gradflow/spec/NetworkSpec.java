package gradflow.spec;

import java.util.List;
import java.util.Map;

/**
 * One model as the user wrote it, with {@code repeat} already expanded: {@code layers} is in spec
 * order, input side first, and every entry becomes exactly one runtime layer.
 *
 * @param name model name, used in reports
 * @param seed seed for everything random (init, data, shuffling)
 * @param input shape of one example without the batch axis: [features] or [channels, height, width]
 * @param sweep the variants {@code gradflow compare} makes of it; {@link SweepSpec#NONE} when the
 *     spec has no {@code sweep:}. Training ignores it.
 * @param source the file it was read from, or {@code "<inline>"}; used in messages
 * @param model the imported model the layers come from ({@code model: {onnx: ...}}), or null
 * @param layerPositions where each layer was written, by runtime layer name ("dense_3"): the line
 *     and column of its type key, or of the {@code model:} key for every layer of an imported
 *     model; empty for a spec built in code. The binder sets it; sweeps keep it (a sweep changes
 *     values, never which layers there are).
 */
public record NetworkSpec(
    String name,
    long seed,
    List<Integer> input,
    DataSpec data,
    List<LayerSpec> layers,
    LossKind loss,
    OptimizerSpec optimizer,
    TrainSpec train,
    Thresholds thresholds,
    SweepSpec sweep,
    String source,
    ImportedModel model,
    Map<String, SpecPosition> layerPositions) {

  public NetworkSpec {
    input = List.copyOf(input);
    layerPositions = layerPositions == null ? Map.of() : Map.copyOf(layerPositions);
    layers = List.copyOf(layers);
    if (layers.isEmpty()) throw new IllegalArgumentException("a network needs at least one layer");
    if (sweep == null) sweep = SweepSpec.NONE;
  }

  /** A spec without positions (built in code). */
  public NetworkSpec(
      String name,
      long seed,
      List<Integer> input,
      DataSpec data,
      List<LayerSpec> layers,
      LossKind loss,
      OptimizerSpec optimizer,
      TrainSpec train,
      Thresholds thresholds,
      SweepSpec sweep,
      String source,
      ImportedModel model) {
    this(
        name,
        seed,
        input,
        data,
        layers,
        loss,
        optimizer,
        train,
        thresholds,
        sweep,
        source,
        model,
        Map.of());
  }

  /** A spec written with layers. */
  public NetworkSpec(
      String name,
      long seed,
      List<Integer> input,
      DataSpec data,
      List<LayerSpec> layers,
      LossKind loss,
      OptimizerSpec optimizer,
      TrainSpec train,
      Thresholds thresholds,
      SweepSpec sweep,
      String source) {
    this(name, seed, input, data, layers, loss, optimizer, train, thresholds, sweep, source, null);
  }

  /** A spec without a sweep. */
  public NetworkSpec(
      String name,
      long seed,
      List<Integer> input,
      DataSpec data,
      List<LayerSpec> layers,
      LossKind loss,
      OptimizerSpec optimizer,
      TrainSpec train,
      Thresholds thresholds,
      String source) {
    this(
        name,
        seed,
        input,
        data,
        layers,
        loss,
        optimizer,
        train,
        thresholds,
        SweepSpec.NONE,
        source);
  }

  /** Number of input features per example (product of {@link #input}). */
  public int inputSize() {
    int size = 1;
    for (int d : input) size = Math.multiplyExact(size, d); // the reader caps it (Limits)
    return size;
  }

  public NetworkSpec withSeed(long newSeed) {
    return new NetworkSpec(
        name,
        newSeed,
        input,
        data,
        layers,
        loss,
        optimizer,
        train,
        thresholds,
        sweep,
        source,
        model,
        layerPositions);
  }

  public NetworkSpec withTrain(TrainSpec newTrain) {
    return new NetworkSpec(
        name,
        seed,
        input,
        data,
        layers,
        loss,
        optimizer,
        newTrain,
        thresholds,
        sweep,
        source,
        model,
        layerPositions);
  }

  public NetworkSpec withData(DataSpec newData) {
    return new NetworkSpec(
        name,
        seed,
        input,
        newData,
        layers,
        loss,
        optimizer,
        train,
        thresholds,
        sweep,
        source,
        model,
        layerPositions);
  }

  public NetworkSpec withThresholds(Thresholds newThresholds) {
    return new NetworkSpec(
        name,
        seed,
        input,
        data,
        layers,
        loss,
        optimizer,
        train,
        newThresholds,
        sweep,
        source,
        model,
        layerPositions);
  }

  /**
   * Other layers of the same shapes (a sweep's activation or init): an imported model's names and
   * weights still apply, and the builder checks that every value fits its parameter.
   */
  public NetworkSpec withLayers(List<LayerSpec> newLayers) {
    return withLayers(newLayers, layerPositions);
  }

  /** These layers, with where each (by runtime name) stands in the spec file. */
  public NetworkSpec withLayers(List<LayerSpec> newLayers, Map<String, SpecPosition> positions) {
    return new NetworkSpec(
        name,
        seed,
        input,
        data,
        newLayers,
        loss,
        optimizer,
        train,
        thresholds,
        sweep,
        source,
        model,
        positions);
  }

  public NetworkSpec withModel(ImportedModel newModel) {
    return new NetworkSpec(
        name,
        seed,
        input,
        data,
        layers,
        loss,
        optimizer,
        train,
        thresholds,
        sweep,
        source,
        newModel,
        layerPositions);
  }

  public NetworkSpec withOptimizer(OptimizerSpec newOptimizer) {
    return new NetworkSpec(
        name,
        seed,
        input,
        data,
        layers,
        loss,
        newOptimizer,
        train,
        thresholds,
        sweep,
        source,
        model,
        layerPositions);
  }

  public NetworkSpec withSweep(SweepSpec newSweep) {
    return new NetworkSpec(
        name,
        seed,
        input,
        data,
        layers,
        loss,
        optimizer,
        train,
        thresholds,
        newSweep,
        source,
        model,
        layerPositions);
  }
}
