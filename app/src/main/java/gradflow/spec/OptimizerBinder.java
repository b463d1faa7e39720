package gradflow.spec;

import gradflow.spec.SpecNode.Entry;
import gradflow.spec.SpecNode.MapNode;
import gradflow.spec.SpecNode.ScalarNode;
import gradflow.spec.SpecNode.ScalarType;
import java.util.ArrayList;
import java.util.List;

/**
 * Binds {@code optimizer: {adam|sgd|momentum: {...}, clip_norm: x, clip_value: y}}. Without an
 * optimizer key it is Adam with lr 0.001; sgd and momentum need an explicit lr because no default
 * suits both. Fields that do not apply to the kind keep harmless defaults.
 */
final class OptimizerBinder {
  private static final List<String> KEYS =
      List.of("adam", "sgd", "momentum", "clip_norm", "clip_value");
  private static final double DEFAULT_LR = 0.001;

  private final Problems problems;

  OptimizerBinder(Problems problems) {
    this.problems = problems;
  }

  OptimizerSpec bind(MapNode map) {
    MapFields f = new MapFields(map, "optimizer", "", KEYS, problems);
    double clipNorm = f.number("clip_norm", 0, 0, "0 turns clipping by norm off");
    double clipValue = f.number("clip_value", 0, 0, "0 turns clipping by value off");
    List<Entry> kinds = new ArrayList<>();
    for (String k : SpecBinder.OPTIMIZERS) if (f.has(k)) kinds.add(f.entry(k));
    if (kinds.size() > 1) {
      kinds.sort((a, b) -> a.line() != b.line() ? a.line() - b.line() : a.column() - b.column());
      problems.atKey(
          kinds.get(1),
          "optimizer",
          "choose one optimizer, found both '"
              + kinds.get(0).key()
              + "' and '"
              + kinds.get(1).key()
              + "'",
          "keep adam, sgd or momentum");
    }
    if (kinds.isEmpty()) return settings(OptimizerSpec.Kind.ADAM, null, clipNorm, clipValue);
    Entry kind = kinds.get(0);
    return settings(
        OptimizerSpec.Kind.valueOf(kind.key().toUpperCase(java.util.Locale.ROOT)),
        kind.value(),
        clipNorm,
        clipValue);
  }

  private OptimizerSpec settings(
      OptimizerSpec.Kind kind, SpecNode body, double clipNorm, double clipValue) {
    String path = "optimizer." + kind.specName();
    MapNode map = new MapNode(0, 0, List.of());
    if (body instanceof MapNode m) {
      map = m;
    } else if (body != null && !(body instanceof ScalarNode s && s.type() == ScalarType.NULL)) {
      problems.at(
          body,
          "optimizer",
          kind.specName() + " settings must be a map, found " + body.describe(),
          "e.g. " + kind.specName() + ": {lr: 0.01}");
      return OptimizerSpec.adam(DEFAULT_LR);
    } else if (body != null) {
      map = new MapNode(body.line(), body.column(), List.of());
    }
    List<String> keys =
        switch (kind) {
          case SGD -> List.of("lr");
          case MOMENTUM -> List.of("lr", "momentum");
          case ADAM -> List.of("lr", "beta1", "beta2", "epsilon");
        };
    MapFields f = new MapFields(map, path, "", keys, problems);
    if (kind != OptimizerSpec.Kind.ADAM && body != null) f.require("lr", "e.g. lr: 0.01");
    double lr = positive(f, "lr", DEFAULT_LR);
    double momentum = kind == OptimizerSpec.Kind.SGD ? 0 : belowOne(f, "momentum", 0.9);
    double beta1 = belowOne(f, "beta1", 0.9);
    double beta2 = belowOne(f, "beta2", 0.999);
    double epsilon = positive(f, "epsilon", 1e-8);
    return new OptimizerSpec(kind, lr, momentum, beta1, beta2, epsilon, clipNorm, clipValue);
  }

  private double positive(MapFields f, String key, double defaultValue) {
    double v = f.number(key, defaultValue, 0, null);
    if (v == 0 && f.has(key)) {
      f.problemAt(key, key + " must be greater than 0, found " + MapFields.text(f.get(key)), null);
      return defaultValue;
    }
    return v;
  }

  private double belowOne(MapFields f, String key, double defaultValue) {
    double v = f.number(key, defaultValue, 0, null);
    if (v >= 1) {
      f.problemAt(
          key,
          key + " must be below 1, found " + MapFields.text(f.get(key)),
          "typical values are 0.9 to 0.999");
      return defaultValue;
    }
    return v;
  }
}
