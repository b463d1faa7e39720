package gradflow.cli;

import gradflow.spec.ActivationKind;
import gradflow.spec.ActivationSpec;
import gradflow.spec.Conv2dSpec;
import gradflow.spec.DenseSpec;
import gradflow.spec.InitSpec;
import gradflow.spec.LayerSpec;
import gradflow.spec.MaxoutSpec;
import gradflow.spec.NetworkSpec;
import gradflow.spec.OptimizerSpec;
import gradflow.spec.ResidualSpec;
import gradflow.spec.TrainSpec;
import gradflow.text.DidYouMean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One {@code --sweep KEY=V1,V2,...}: a spec field and the values it takes, one variant each.
 *
 * <ul>
 *   <li>{@code activation}: the activation of every dense and conv2d layer except the last (inside
 *       residual blocks too); a name, or {@code leaky_relu:0.01} / {@code elu:0.5} with alpha
 *   <li>{@code init}: the weight init scheme of every dense, conv2d and maxout layer
 *   <li>{@code lr}: the optimizer's learning rate
 *   <li>{@code seed}: the seed of everything random
 *   <li>{@code steps}, {@code batch}: train.steps and train.batch
 * </ul>
 */
record Sweep(String key, List<String> values) {
  static final List<String> KEYS = List.of("activation", "init", "lr", "seed", "steps", "batch");

  private static final List<String> INIT_NAMES = initNames();

  /** Parses and checks {@code KEY=V1,V2,...}; every value is checked before anything trains. */
  static Sweep parse(String text) {
    int eq = text.indexOf('=');
    if (eq < 0) throw new UserError("--sweep takes KEY=V1,V2,..., found '" + text + "'");
    String key = text.substring(0, eq).trim();
    if (!KEYS.contains(key)) {
      String close = DidYouMean.closest(key, KEYS);
      throw new UserError(
          "--sweep: unknown key '"
              + key
              + "'"
              + (close == null ? "" : " (did you mean '" + close + "'?)")
              + "; known keys: "
              + String.join(", ", KEYS));
    }
    List<String> values = new ArrayList<>();
    for (String v : text.substring(eq + 1).split(",", -1)) values.add(v.trim());
    if (values.stream().anyMatch(String::isEmpty))
      throw new UserError("--sweep " + key + ": empty value in '" + text.substring(eq + 1) + "'");
    if (values.stream().distinct().count() != values.size())
      throw new UserError("--sweep " + key + ": a value is repeated in '" + text + "'");
    Sweep sweep = new Sweep(key, List.copyOf(values));
    for (String v : values) sweep.check(v);
    return sweep;
  }

  private void check(String value) {
    switch (key) {
      case "activation" -> activation(value);
      case "init" -> init(value);
      case "lr" -> {
        double lr = number(value);
        if (!(lr > 0) || !Double.isFinite(lr))
          throw new UserError("--sweep lr: must be a finite number > 0, found " + value);
      }
      case "seed" -> seed(value);
      case "steps", "batch" -> positiveInt(value);
      default -> throw new IllegalStateException(key);
    }
  }

  /** {@code spec} with this sweep's field set to {@code value} (already checked). */
  NetworkSpec apply(NetworkSpec spec, String value) {
    TrainSpec t = spec.train();
    return switch (key) {
      case "activation" -> withHiddenLayers(spec, activation(value), null);
      case "init" -> withHiddenLayers(spec, null, init(value));
      case "lr" -> withOptimizer(spec, number(value));
      case "seed" -> spec.withSeed(seed(value));
      case "steps" -> spec.withTrain(new TrainSpec(positiveInt(value), t.batch(), t.logEvery()));
      case "batch" -> spec.withTrain(new TrainSpec(t.steps(), positiveInt(value), t.logEvery()));
      default -> throw new IllegalStateException(key);
    };
  }

  private ActivationSpec activation(String value) {
    int colon = value.indexOf(':');
    String name = (colon < 0 ? value : value.substring(0, colon)).trim();
    List<String> names =
        Arrays.stream(ActivationKind.values())
            .filter(k -> k != ActivationKind.EXPR)
            .map(ActivationKind::specName)
            .toList();
    if (!names.contains(name)) {
      String close = DidYouMean.closest(name, names);
      throw new UserError(
          "--sweep activation: unknown activation '"
              + name
              + "'"
              + (close == null ? "" : " (did you mean '" + close + "'?)")
              + "; known: "
              + String.join(", ", names));
    }
    ActivationSpec spec = ActivationSpec.of(ActivationKind.valueOf(name.toUpperCase(Locale.ROOT)));
    if (colon < 0) return spec;
    if (spec.kind() != ActivationKind.LEAKY_RELU && spec.kind() != ActivationKind.ELU)
      throw new UserError(
          "--sweep activation: only leaky_relu and elu take an alpha (name:alpha), found '"
              + value
              + "'");
    return new ActivationSpec(spec.kind(), number(value.substring(colon + 1)));
  }

  private static InitSpec init(String value) {
    String name = value.replace("glorot_", "xavier_");
    if (name.equals("zeros")) return new InitSpec.Zeros();
    for (InitSpec.Scheme scheme : InitSpec.Scheme.values()) {
      if (scheme.specName().equals(name)) return new InitSpec.Scaled(scheme);
    }
    String close = DidYouMean.closest(value, INIT_NAMES);
    throw new UserError(
        "--sweep init: unknown scheme '"
            + value
            + "'"
            + (close == null ? "" : " (did you mean '" + close + "'?)")
            + "; known: "
            + String.join(", ", INIT_NAMES));
  }

  private static List<String> initNames() {
    List<String> names = new ArrayList<>();
    for (InitSpec.Scheme s : InitSpec.Scheme.values()) names.add(s.specName());
    names.add("zeros");
    return List.copyOf(names);
  }

  private double number(String value) {
    try {
      return Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new UserError("--sweep " + key + ": '" + value + "' is not a number");
    }
  }

  private long seed(String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new UserError("--sweep " + key + ": '" + value + "' is not a whole number");
    }
  }

  private int positiveInt(String value) {
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= 1) return n;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UserError("--sweep " + key + ": must be a whole number >= 1, found '" + value + "'");
  }

  private static NetworkSpec withOptimizer(NetworkSpec s, double lr) {
    OptimizerSpec o = s.optimizer();
    OptimizerSpec changed =
        new OptimizerSpec(
            o.kind(),
            lr,
            o.momentum(),
            o.beta1(),
            o.beta2(),
            o.epsilon(),
            o.clipNorm(),
            o.clipValue());
    return new NetworkSpec(
        s.name(),
        s.seed(),
        s.input(),
        s.data(),
        s.layers(),
        s.loss(),
        changed,
        s.train(),
        s.thresholds(),
        s.source());
  }

  /**
   * Sets the activation (every layer but the last) or the weight init (every layer) where not null.
   */
  private static NetworkSpec withHiddenLayers(NetworkSpec s, ActivationSpec a, InitSpec init) {
    List<LayerSpec> layers = new ArrayList<>(s.layers());
    int last = layers.size() - 1;
    boolean changed = false;
    for (int i = 0; i < layers.size(); i++) {
      if (a != null && i == last) continue;
      LayerSpec replaced = replace(layers.get(i), a, init);
      changed |= touches(layers.get(i), a);
      layers.set(i, replaced);
    }
    if (!changed)
      throw new UserError(
          "--sweep "
              + (a != null ? "activation" : "init")
              + ": "
              + s.source()
              + " has no "
              + (a != null ? "hidden dense or conv2d layer" : "dense, conv2d or maxout layer")
              + " to change");
    return new NetworkSpec(
        s.name(),
        s.seed(),
        s.input(),
        s.data(),
        layers,
        s.loss(),
        s.optimizer(),
        s.train(),
        s.thresholds(),
        s.source());
  }

  private static boolean touches(LayerSpec l, ActivationSpec a) {
    if (l instanceof ResidualSpec r) return r.layers().stream().anyMatch(x -> touches(x, a));
    return l instanceof DenseSpec
        || l instanceof Conv2dSpec
        || (a == null && l instanceof MaxoutSpec);
  }

  private static LayerSpec replace(LayerSpec l, ActivationSpec a, InitSpec init) {
    if (l instanceof DenseSpec d)
      return new DenseSpec(
          d.units(),
          a == null ? d.activation() : a,
          init == null ? d.init() : init,
          d.biasInit(),
          d.bias());
    if (l instanceof Conv2dSpec c)
      return new Conv2dSpec(
          c.filters(),
          c.kernelH(),
          c.kernelW(),
          c.strideH(),
          c.strideW(),
          c.padding(),
          a == null ? c.activation() : a,
          init == null ? c.init() : init,
          c.biasInit(),
          c.bias());
    if (l instanceof MaxoutSpec m && init != null)
      return new MaxoutSpec(m.units(), m.k(), init, m.biasInit());
    if (l instanceof ResidualSpec r)
      return new ResidualSpec(r.layers().stream().map(x -> replace(x, a, init)).toList());
    return l;
  }
}
