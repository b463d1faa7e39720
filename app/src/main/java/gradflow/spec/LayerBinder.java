package gradflow.spec;

import gradflow.spec.SpecNode.Entry;
import gradflow.spec.SpecNode.ListNode;
import gradflow.spec.SpecNode.MapNode;
import gradflow.spec.SpecNode.ScalarNode;
import gradflow.spec.SpecNode.ScalarType;
import java.util.ArrayList;
import java.util.List;

/**
 * Binds the {@code layers} list and expands {@code repeat}. An item is {@code {dense: {...}}},
 * {@code {maxout: {...}}}, {@code {repeat: N, dense|maxout: {...}}} or {@code {repeat: N, layers:
 * [...]}}. A repeated item is bound once and then copied, so its problems appear once.
 */
final class LayerBinder {
  static final List<String> TYPES = List.of("dense", "maxout");
  private static final List<String> ITEM_KEYS = List.of("repeat", "dense", "maxout", "layers");
  private static final List<String> DENSE_KEYS =
      List.of("units", "activation", "init", "bias_init", "bias");
  private static final List<String> MAXOUT_KEYS = List.of("units", "k", "init", "bias_init");
  private static final String ITEM_HINT =
      "write - dense: {units: 10, activation: relu}, - maxout: {units: 16, k: 3},"
          + " or - repeat: 2 with dense, maxout or layers";

  private final Problems problems;

  LayerBinder(Problems problems) {
    this.problems = problems;
  }

  /** The expanded layers of a {@code layers} list at {@code path} ("layers"). */
  List<BoundLayer> bindList(SpecNode value, String path) {
    List<BoundLayer> layers = new ArrayList<>();
    if (!(value instanceof ListNode list)) {
      problems.at(value, "", path + " must be a list, found " + value.describe(), ITEM_HINT);
      return layers;
    }
    if (list.items().isEmpty()) {
      problems.at(value, "", path + " must not be empty", ITEM_HINT);
    }
    for (int i = 0; i < list.items().size(); i++) {
      layers.addAll(bindItem(list.items().get(i), path + "[" + i + "]"));
    }
    return layers;
  }

  private List<BoundLayer> bindItem(SpecNode value, String path) {
    if (!(value instanceof MapNode map)) {
      problems.at(value, path, "a layer must be a map, found " + value.describe(), ITEM_HINT);
      return List.of();
    }
    MapFields f = new MapFields(map, path, "", ITEM_KEYS, problems);
    List<Entry> bodies = new ArrayList<>();
    for (String key : List.of("dense", "maxout", "layers")) {
      if (f.has(key)) bodies.add(f.entry(key));
    }
    if (bodies.isEmpty()) {
      if (f.has("repeat") || map.entries().isEmpty() || allKnown(map)) {
        problems.at(map, path, "a layer needs a type: dense or maxout", ITEM_HINT);
      }
      return List.of();
    }
    bodies.sort((a, b) -> a.line() != b.line() ? a.line() - b.line() : a.column() - b.column());
    if (bodies.size() > 1) {
      Entry extra = bodies.get(1);
      problems.atKey(
          extra,
          path,
          "a layer has exactly one of dense, maxout or layers, found both '"
              + bodies.get(0).key()
              + "' and '"
              + extra.key()
              + "'",
          "split them into separate list items");
      return List.of();
    }
    Entry body = bodies.get(0);
    if (body.key().equals("layers") && !f.has("repeat")) {
      problems.atKey(
          body,
          path,
          "a nested layers block needs repeat",
          "add repeat: N, or list the layers directly");
      return List.of();
    }
    int times = f.integer("repeat", 1, 1, "repeat counts copies; use 1 or more");
    List<BoundLayer> once =
        body.key().equals("layers")
            ? bindList(body.value(), path + ".layers")
            : bindLayer(body, path + " (" + body.key() + ")");
    List<BoundLayer> all = new ArrayList<>();
    for (int i = 0; i < times; i++) all.addAll(once);
    return all;
  }

  /** Whether the item had no unknown keys, so "needs a type" is news and not noise. */
  private static boolean allKnown(MapNode map) {
    return map.entries().stream().allMatch(e -> ITEM_KEYS.contains(e.key()));
  }

  private List<BoundLayer> bindLayer(Entry typeKey, String path) {
    SpecNode body = typeKey.value();
    MapNode map;
    if (body instanceof MapNode m) {
      map = m;
    } else if (body instanceof ScalarNode s && s.type() == ScalarType.NULL) {
      map = new MapNode(typeKey.line(), typeKey.column(), List.of());
    } else {
      problems.at(
          body,
          path,
          typeKey.key() + " must be a map of settings, found " + body.describe(),
          ITEM_HINT);
      return List.of();
    }
    return typeKey.key().equals("dense") ? dense(typeKey, map, path) : maxout(typeKey, map, path);
  }

  private List<BoundLayer> dense(Entry typeKey, MapNode map, String path) {
    MapFields f = new MapFields(map, path, "", DENSE_KEYS, problems);
    int errors = problems.size();
    int units = f.requiredInteger("units", 1, null);
    SpecNode activationNode = f.require("activation", "e.g. activation: relu");
    ActivationSpec activation =
        activationNode == null ? null : ActivationBinder.bind(activationNode, path, problems);
    InitSpec init = init(f, "init", new InitSpec.Scaled(InitSpec.Scheme.XAVIER_UNIFORM));
    InitSpec biasInit = init(f, "bias_init", new InitSpec.Zeros());
    boolean bias = f.bool("bias", true);
    if (problems.size() > errors || activation == null) return List.of();
    DenseSpec spec = new DenseSpec(units, activation, init, biasInit, bias);
    return List.of(new BoundLayer(spec, path, typeKey, f.get("units"), activationNode));
  }

  private List<BoundLayer> maxout(Entry typeKey, MapNode map, String path) {
    MapFields f = new MapFields(map, path, "", MAXOUT_KEYS, problems);
    int errors = problems.size();
    int units = f.requiredInteger("units", 1, null);
    SpecNode kNode = f.require("k", "k is the number of pieces per unit, e.g. k: 2");
    int k = kNode == null ? 2 : f.integer("k", 2, Integer.MIN_VALUE, null);
    if (k < 2) {
      String hint =
          k == 1
              ? "with one piece a maxout unit is affine; use `dense`, or set k to 2 or more"
              : "k is the number of affine pieces each unit takes the max over";
      f.problemAt("k", "k must be at least 2, found " + k, hint);
    }
    InitSpec init = init(f, "init", new InitSpec.Scaled(InitSpec.Scheme.XAVIER_UNIFORM));
    InitSpec biasInit = init(f, "bias_init", new InitSpec.Zeros());
    if (problems.size() > errors) return List.of();
    MaxoutSpec spec = new MaxoutSpec(units, k, init, biasInit);
    return List.of(new BoundLayer(spec, path, typeKey, f.get("units"), null));
  }

  private InitSpec init(MapFields f, String key, InitSpec defaultValue) {
    SpecNode value = f.get(key);
    if (value == null) return defaultValue;
    InitSpec init = InitBinder.bind(value, key, f.path(), problems);
    return init == null ? defaultValue : init;
  }
}
