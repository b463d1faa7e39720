package gradflow.spec;

import gradflow.spec.SpecNode.Entry;
import gradflow.spec.SpecNode.ListNode;
import gradflow.spec.SpecNode.MapNode;
import gradflow.spec.SpecNode.ScalarNode;
import gradflow.spec.SpecNode.ScalarType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds the top level of a spec tree to a {@link NetworkSpec}, applying the documented defaults and
 * collecting every problem before throwing. Layers are bound by {@link LayerBinder}, checks across
 * sections by {@link CrossChecks}.
 */
final class SpecBinder {
  static final List<String> TOP_KEYS =
      List.of(
          "name",
          "seed",
          "input",
          "data",
          "layers",
          "model",
          "loss",
          "optimizer",
          "train",
          "thresholds",
          "sweep");
  static final List<String> LOSSES = List.of("cross_entropy", "mse");
  static final List<String> OPTIMIZERS = List.of("sgd", "momentum", "adam");
  private static final String DATA_HINT =
      "write data: {mnist: {dir: path/to/mnist}}, data: {synthetic: {kind: blobs, classes: 10}},"
          + " data: {npy: {x: x.npy, y: y.npy}}, data: {csv: {file: f.csv, label: 0}}"
          + " or data: {idx: {train_images: ..., train_labels: ...}}";

  private final Problems problems;
  private final Path baseDir;
  private final ExpressionSyntax syntax;
  private final MemoryLimit limit;
  private final ModelImport models;

  private SpecBinder(
      Problems problems,
      Path baseDir,
      ExpressionSyntax syntax,
      MemoryLimit limit,
      ModelImport models) {
    this.problems = problems;
    this.baseDir = baseDir;
    this.syntax = syntax;
    this.limit = limit;
    this.models = models;
  }

  static NetworkSpec bind(
      SpecNode root,
      String defaultName,
      Path baseDir,
      ExpressionSyntax syntax,
      MemoryLimit limit,
      ModelImport models,
      Problems problems) {
    return new SpecBinder(problems, baseDir, syntax, limit, models).bindRoot(root, defaultName);
  }

  private NetworkSpec bindRoot(SpecNode root, String defaultName) {
    if (!(root instanceof MapNode map)) {
      problems.at(root, "", "a spec must be a map of keys, found " + root.describe(), topHint());
      problems.throwIfAny();
      throw new AssertionError("unreachable");
    }
    MapFields f = new MapFields(map, "", "", TOP_KEYS, problems);
    String name = f.text("name", defaultName);
    long seed = f.longInteger("seed", 0);
    SpecNode modelNode = f.get("model");
    ImportedModel model =
        modelNode == null ? null : ModelBinder.bind(modelNode, baseDir, models, problems);
    SpecNode inputNode =
        modelNode == null
            ? f.require("input", "write input: [784] or input: [1, 28, 28]")
            : f.get("input");
    List<Integer> input = inputNode == null ? null : input(inputNode);
    if (model != null) input = ModelBinder.checkInput(model, inputNode, input, problems);
    SpecNode dataNode = f.require("data", DATA_HINT);
    DataSpec data = dataNode == null ? null : data(dataNode);
    SpecNode layersNode =
        modelNode == null ? f.require("layers", "list the layers, input side first") : null;
    if (modelNode != null && f.has("layers"))
      f.problemAt(
          "layers",
          "a spec has layers or model, not both",
          "model: {onnx: FILE} takes the layers from the file; remove one of the two");
    int before = problems.size();
    List<BoundLayer> layers =
        model != null
            ? ModelBinder.boundLayers(model, f.entry("model"))
            : layersNode == null
                ? List.<BoundLayer>of()
                : new LayerBinder(problems, syntax).bindList(layersNode, "layers");
    boolean layersOk = (layersNode != null || model != null) && problems.size() == before;
    LossKind loss = loss(f);
    OptimizerSpec optimizer = optimizer(f);
    TrainSpec train = train(f);
    Thresholds thresholds = thresholds(f);
    SpecNode sweepNode = f.get("sweep");
    SweepSpec sweep =
        sweepNode == null
            ? SweepSpec.NONE
            : new SweepBinder(problems).bind(sweepNode, layersOk ? specs(layers) : null);
    if (layersOk) {
      new CrossChecks(problems).check(f, input, data, layers, loss);
    }
    problems.throwIfAny();
    NetworkSpec spec =
        new NetworkSpec(
            name,
            seed,
            input,
            data,
            specs(layers),
            loss,
            optimizer,
            train,
            thresholds,
            sweep,
            problems.source(),
            model,
            positions(layers, model));
    checkMemory(spec, dataNode, layers);
    problems.throwIfAny();
    return spec;
  }

  /**
   * Synthetic samples x input features must fit one array, and the {@link MemoryEstimate} the
   * {@link MemoryLimit}: a refusal points at the layer that needs the most, or at the data.
   */
  private void checkMemory(NetworkSpec spec, SpecNode dataNode, List<BoundLayer> layers) {
    SpecNode samples = setting(dataNode, "samples");
    if (spec.data() instanceof SyntheticSpec s) {
      long values = (long) Math.max(s.samples(), s.testSamples()) * spec.inputSize();
      if (values > Limits.MAX_VALUES) {
        problems.at(
            samples != null ? samples : dataNode,
            "data.synthetic",
            "samples x input features is "
                + values
                + ", more than the "
                + Limits.MAX_VALUES
                + " values gradflow can hold in one Java array",
            "lower samples (or test_samples), or use a smaller input");
        return;
      }
    }
    MemoryEstimate estimate = MemoryEstimate.of(spec);
    String refusal = limit.refusal(estimate);
    if (refusal == null) return;
    String raise =
        limit.fromOption()
            ? "or give a larger --max-memory"
            : "or raise the limit with --max-memory (or the JVM's -Xmx)";
    if (estimate.dataDominates()) {
      problems.at(
          samples != null ? samples : dataNode,
          "data",
          refusal,
          "lower samples, or a smaller input, " + raise);
    } else {
      BoundLayer layer = layers.get(estimate.largestLayer());
      problems.at(Limits.culprit(layer), layer.path(), refusal, Limits.hint(layer) + ", " + raise);
    }
  }

  /** The value of {@code key} inside a one-key data map ({@code synthetic: {samples: ...}}). */
  private static SpecNode setting(SpecNode dataNode, String key) {
    if (!(dataNode instanceof MapNode map) || map.entries().size() != 1) return null;
    if (!(map.entries().get(0).value() instanceof MapNode body)) return null;
    for (Entry e : body.entries()) if (e.key().equals(key)) return e.value();
    return null;
  }

  /**
   * Each layer's runtime name with the position of its type key, named as the builder names them:
   * "{type}_{index}", 1-based in build order (a residual block before its inner layers), or the
   * imported model's names (whose layers all point at the {@code model:} key).
   */
  private static Map<String, SpecPosition> positions(List<BoundLayer> layers, ImportedModel model) {
    Map<String, SpecPosition> positions = new LinkedHashMap<>();
    addPositions(layers, model, new int[] {0}, positions);
    return positions;
  }

  private static void addPositions(
      List<BoundLayer> layers,
      ImportedModel model,
      int[] count,
      Map<String, SpecPosition> positions) {
    for (BoundLayer layer : layers) {
      int index = ++count[0];
      String name =
          model == null ? layer.spec().type() + "_" + index : model.layerNames().get(index - 1);
      positions.put(name, new SpecPosition(layer.typeKey().line(), layer.typeKey().column()));
      addPositions(layer.block(), model, count, positions);
    }
  }

  private static List<LayerSpec> specs(List<BoundLayer> layers) {
    return layers.stream().map(BoundLayer::spec).toList();
  }

  private static String topHint() {
    return "a spec has " + String.join(", ", TOP_KEYS) + "; input, data and layers are required";
  }

  private List<Integer> input(SpecNode value) {
    String hint = "write input: [features] or input: [channels, height, width]";
    if (!(value instanceof ListNode list) || list.items().isEmpty()) {
      problems.at(
          value, "", "input must be a list of 1 or 3 sizes, found " + value.describe(), hint);
      return null;
    }
    if (list.items().size() != 1 && list.items().size() != 3) {
      problems.at(value, "", "input must have 1 or 3 sizes, found " + list.items().size(), hint);
      return null;
    }
    List<Integer> sizes = new ArrayList<>();
    for (SpecNode item : list.items()) {
      if (item instanceof ScalarNode s
          && s.type() == ScalarType.INTEGER
          && s.integer().signum() > 0
          && s.integer().bitLength() < 32) {
        sizes.add(s.integer().intValue());
      } else {
        problems.at(
            item, "", "input sizes must be positive integers, found " + item.describe(), hint);
      }
    }
    if (sizes.size() != list.items().size()) return null;
    long features = 1;
    for (int size : sizes) {
      features *= size; // both below 2^31, and the loop stops once past the cap: no overflow
      if (features > Limits.MAX_VALUES) {
        problems.at(
            value,
            "",
            "input "
                + sizes
                + " has more than "
                + Limits.MAX_VALUES
                + " features per example (the product of its sizes), more than gradflow can hold"
                + " in one Java array",
            "use a smaller input");
        return null;
      }
    }
    return sizes;
  }

  private DataSpec data(SpecNode value) {
    if (!(value instanceof MapNode map) || map.entries().size() != 1) {
      problems.at(
          value,
          "",
          "data must be a one-key map ("
              + String.join(", ", DataBinder.KINDS)
              + "), found "
              + describeMap(value),
          DATA_HINT);
      return null;
    }
    Entry e = map.entries().get(0);
    String path = "data." + e.key();
    if (!DataBinder.KINDS.contains(e.key())) {
      problems.atKey(
          e,
          "",
          MapFields.unknownMessage("data source", e.key(), e.key(), DataBinder.KINDS),
          DATA_HINT);
      return null;
    }
    if (!(e.value() instanceof MapNode body)) {
      problems.at(
          e.value(), path, "settings must be a map, found " + e.value().describe(), DATA_HINT);
      return null;
    }
    return new DataBinder(problems, baseDir).bind(e.key(), body, path);
  }

  private static String describeMap(SpecNode value) {
    return value instanceof MapNode m ? m.entries().size() + " keys" : value.describe();
  }

  private LossKind loss(MapFields f) {
    SpecNode value = f.get("loss");
    if (value == null) return LossKind.CROSS_ENTROPY;
    if (value instanceof ScalarNode s && s.type() == ScalarType.STRING) {
      for (LossKind k : LossKind.values()) if (k.specName().equals(s.text())) return k;
    }
    String shown = value instanceof ScalarNode s ? s.text() : value.describe();
    problems.at(
        value,
        "",
        MapFields.unknownMessage("loss", shown, shown, LOSSES),
        MapFields.allowedHint(LOSSES));
    return LossKind.CROSS_ENTROPY;
  }

  private OptimizerSpec optimizer(MapFields top) {
    SpecNode value = top.get("optimizer");
    if (value == null) return OptimizerSpec.adam(0.001);
    if (!(value instanceof MapNode map)) {
      problems.at(
          value,
          "",
          "optimizer must be a map, found " + value.describe(),
          "write optimizer: {adam: {lr: 0.001}}");
      return OptimizerSpec.adam(0.001);
    }
    return new OptimizerBinder(problems).bind(map);
  }

  private TrainSpec train(MapFields top) {
    SpecNode value = top.get("train");
    if (value == null) return new TrainSpec(1000, 32, 50);
    if (!(value instanceof MapNode map)) {
      problems.at(
          value,
          "",
          "train must be a map, found " + value.describe(),
          "write train: {steps: 1000, batch: 32}");
      return new TrainSpec(1000, 32, 50);
    }
    MapFields f = new MapFields(map, "train", "", List.of("steps", "batch", "log_every"), problems);
    return new TrainSpec(
        f.integer("steps", 1000, 1, null),
        f.integer("batch", 32, 1, null),
        f.integer("log_every", 50, 1, null));
  }

  private Thresholds thresholds(MapFields top) {
    Thresholds thresholds = Thresholds.defaults();
    SpecNode value = top.get("thresholds");
    if (value == null) return thresholds;
    List<String> keys = new ArrayList<>();
    for (Threshold t : Threshold.values()) keys.add(t.key());
    if (!(value instanceof MapNode map)) {
      problems.at(
          value,
          "",
          "thresholds must be a map, found " + value.describe(),
          "write thresholds: {vanishing_ratio: 0.01}");
      return thresholds;
    }
    MapFields f = new MapFields(map, "thresholds", "", keys, problems);
    for (Entry e : map.entries()) {
      Threshold t = Threshold.byKey(e.key());
      if (t == null || f.get(e.key()) != e.value()) continue;
      double v = f.number(e.key(), t.defaultValue(), 0, t.key() + ": " + t.meaning());
      thresholds = thresholds.with(t, v);
    }
    return thresholds;
  }
}
