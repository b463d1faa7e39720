package gradflow.spec;

import gradflow.spec.SpecNode.Entry;
import gradflow.spec.SpecNode.ListNode;
import gradflow.spec.SpecNode.MapNode;
import gradflow.spec.SpecNode.ScalarNode;
import gradflow.spec.SpecNode.ScalarType;
import java.util.ArrayList;
import java.util.List;

/**
 * Binds the {@code layers} list and expands {@code repeat}. An item is one layer ({@code {dense:
 * {...}}}, {@code {conv2d: {...}}}, {@code {residual: {layers: [...]}}}, ... see {@link #TYPES}),
 * optionally with {@code repeat: N}, or {@code {repeat: N, layers: [...]}}. A repeated item is
 * bound once and then copied, so its problems appear once. Each layer's settings are bound by its
 * {@link LayerKind}.
 */
final class LayerBinder {
  static final List<String> TYPES = LayerKind.types();
  private static final List<String> ITEM_KEYS = itemKeys();
  private static final String ITEM_HINT =
      "write - dense: {units: 10, activation: relu}, - conv2d: {filters: 16, kernel: 3,"
          + " activation: relu}, another layer type ("
          + String.join(", ", TYPES)
          + "), or - repeat: 2 with a layer or layers";

  private static final String LAYERS_LIMIT =
      Limits.MAX_LAYERS + " a network may have after repeat expansion";
  private static final String LAYERS_HINT =
      "lower repeat; the cap keeps validate and training bounded (docs/spec.md, Limits)";

  private final Problems problems;
  private final ExpressionSyntax syntax;

  LayerBinder(Problems problems, ExpressionSyntax syntax) {
    this.problems = problems;
    this.syntax = syntax;
  }

  private static List<String> itemKeys() {
    List<String> keys = new ArrayList<>();
    keys.add("repeat");
    keys.addAll(TYPES);
    keys.add("layers");
    return List.copyOf(keys);
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
    long count = 0;
    for (int i = 0; i < list.items().size(); i++) {
      SpecNode item = list.items().get(i);
      List<BoundLayer> bound = bindItem(item, path + "[" + i + "]");
      count += count(bound);
      if (count > Limits.MAX_LAYERS) {
        problems.at(
            item,
            path + "[" + i + "]",
            path + " reaches " + count + " layers here, more than the " + LAYERS_LIMIT,
            LAYERS_HINT);
        return List.of();
      }
      layers.addAll(bound);
    }
    return layers;
  }

  /** Layers as the cap counts them: residual blocks count themselves and their inner layers. */
  private static long count(List<BoundLayer> layers) {
    long n = 0;
    for (BoundLayer layer : layers) n += 1 + count(layer.block());
    return n;
  }

  private List<BoundLayer> bindItem(SpecNode value, String path) {
    if (!(value instanceof MapNode map)) {
      problems.at(value, path, "a layer must be a map, found " + value.describe(), ITEM_HINT);
      return List.of();
    }
    MapFields f = new MapFields(map, path, "", ITEM_KEYS, problems);
    List<Entry> bodies = new ArrayList<>();
    for (String key : ITEM_KEYS) {
      if (!key.equals("repeat") && f.has(key)) bodies.add(f.entry(key));
    }
    if (bodies.isEmpty()) {
      if (f.has("repeat") || map.entries().isEmpty() || allKnown(map)) {
        problems.at(map, path, "a layer needs a type: " + String.join(", ", TYPES), ITEM_HINT);
      }
      return List.of();
    }
    bodies.sort((a, b) -> a.line() != b.line() ? a.line() - b.line() : a.column() - b.column());
    if (bodies.size() > 1) {
      Entry extra = bodies.get(1);
      problems.atKey(
          extra,
          path,
          "a layer has exactly one type or layers block, found both '"
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
          "add repeat: N, list the layers directly, or make it residual: {layers: [...]}");
      return List.of();
    }
    int times = f.integer("repeat", 1, 1, "repeat counts copies; use 1 or more");
    List<BoundLayer> once =
        body.key().equals("layers")
            ? bindList(body.value(), path + ".layers")
            : bindLayer(body, path + " (" + body.key() + ")");
    long copies = (long) times * count(once); // checked before copying: repeat may be huge
    if (copies > Limits.MAX_LAYERS) {
      problems.at(
          f.get("repeat"),
          path,
          "repeat: " + times + " makes " + copies + " layers, more than the " + LAYERS_LIMIT,
          LAYERS_HINT);
      return List.of();
    }
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
    return LayerKind.byType(typeKey.key()).bind(typeKey, map, path, problems, syntax, this);
  }
}
