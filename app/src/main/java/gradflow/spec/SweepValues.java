package gradflow.spec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The keys a sweep may vary and the one checker for their values, shared by {@code sweep:} in a
 * spec and {@code gradflow compare --sweep KEY=V1,V2,...}. Values are text as the user wrote them:
 *
 * <ul>
 *   <li>{@code activation}: the activation of every dense and conv2d layer except the last (inside
 *       residual blocks too); a name, or {@code leaky_relu:0.01} / {@code elu:0.5} with alpha
 *   <li>{@code init}: the weight init scheme of every dense, conv2d and maxout layer
 *   <li>{@code lr}: the optimizer's learning rate, a finite number above 0
 *   <li>{@code seed}: the seed of everything random, a whole number
 *   <li>{@code steps}, {@code batch}: train.steps and train.batch, whole numbers of at least 1
 * </ul>
 */
public final class SweepValues {
  public static final List<String> KEYS =
      List.of("activation", "init", "lr", "seed", "steps", "batch");

  static final List<String> ACTIVATION_NAMES =
      Arrays.stream(ActivationKind.values())
          .filter(k -> k != ActivationKind.EXPR)
          .map(ActivationKind::specName)
          .toList();
  static final List<String> INIT_NAMES = initNames();

  private SweepValues() {}

  /** What is wrong with one value, and how to fix it (hint may be null). */
  public record Problem(String message, String hint) {}

  private static final class Invalid extends RuntimeException {
    final transient Problem problem;

    Invalid(String message, String hint) {
      super(message, null, false, false);
      this.problem = new Problem(message, hint);
    }
  }

  /**
   * What is wrong with {@code value} as a value of {@code key} (one of {@link #KEYS}), or null when
   * it is valid.
   */
  public static Problem check(String key, String value) {
    try {
      switch (key) {
        case "activation" -> activation(value);
        case "init" -> init(value);
        case "lr" -> lr(value);
        case "seed" -> seed(value);
        case "steps", "batch" -> positiveInt(key, value);
        default -> throw new IllegalArgumentException("not a sweep key: " + key);
      }
      return null;
    } catch (Invalid e) {
      return e.problem;
    }
  }

  /**
   * Why {@code key} cannot vary anything in {@code spec} (activation or init with no layer to
   * change), or null when it can.
   */
  public static String unchangeable(NetworkSpec spec, String key) {
    return unchangeable(spec.layers(), key);
  }

  static String unchangeable(List<LayerSpec> layers, String key) {
    boolean activation = key.equals("activation");
    if (!activation && !key.equals("init")) return null;
    int end = activation ? layers.size() - 1 : layers.size();
    for (int i = 0; i < end; i++) if (touches(layers.get(i), activation)) return null;
    return activation
        ? "the spec has no hidden dense or conv2d layer to change"
        : "the spec has no dense, conv2d or maxout layer to change";
  }

  /**
   * {@code spec} with {@code key} set to {@code value}.
   *
   * @throws IllegalArgumentException when {@link #check} or {@link #unchangeable} would object
   */
  public static NetworkSpec apply(NetworkSpec spec, String key, String value) {
    Problem problem = check(key, value);
    if (problem != null) throw new IllegalArgumentException(problem.message());
    String unchangeable = unchangeable(spec, key);
    if (unchangeable != null) throw new IllegalArgumentException(unchangeable);
    TrainSpec t = spec.train();
    return switch (key) {
      case "activation" -> withHiddenLayers(spec, activation(value), null);
      case "init" -> withHiddenLayers(spec, null, init(value));
      case "lr" -> spec.withOptimizer(withLr(spec.optimizer(), lr(value)));
      case "seed" -> spec.withSeed(seed(value));
      case "steps" ->
          spec.withTrain(new TrainSpec(positiveInt(key, value), t.batch(), t.logEvery()));
      case "batch" ->
          spec.withTrain(new TrainSpec(t.steps(), positiveInt(key, value), t.logEvery()));
      default -> throw new IllegalArgumentException("not a sweep key: " + key);
    };
  }

  private static ActivationSpec activation(String value) {
    int colon = value.indexOf(':');
    String name = (colon < 0 ? value : value.substring(0, colon)).trim();
    if (!ACTIVATION_NAMES.contains(name)) {
      throw new Invalid(
          MapFields.unknownMessage("activation", name, name, ACTIVATION_NAMES),
          "known: " + String.join(", ", ACTIVATION_NAMES) + "; leaky_relu:0.01 sets alpha");
    }
    ActivationSpec spec = ActivationSpec.of(ActivationKind.valueOf(name.toUpperCase(Locale.ROOT)));
    if (colon < 0) return spec;
    if (spec.kind() != ActivationKind.LEAKY_RELU && spec.kind() != ActivationKind.ELU) {
      throw new Invalid(
          "only leaky_relu and elu take an alpha (name:alpha), found '" + value + "'",
          "write " + name + " without ':'");
    }
    String alpha = value.substring(colon + 1).trim();
    double a = number(alpha, "alpha");
    if (!Double.isFinite(a))
      throw new Invalid("alpha must be a finite number, found " + alpha, null);
    return new ActivationSpec(spec.kind(), a);
  }

  private static InitSpec init(String value) {
    String name = value.trim().replace("glorot_", "xavier_");
    if (name.equals("zeros")) return new InitSpec.Zeros();
    for (InitSpec.Scheme scheme : InitSpec.Scheme.values()) {
      if (scheme.specName().equals(name)) return new InitSpec.Scaled(scheme);
    }
    throw new Invalid(
        MapFields.unknownMessage("init scheme", value, value, INIT_NAMES),
        "known: " + String.join(", ", INIT_NAMES));
  }

  private static List<String> initNames() {
    List<String> names = new ArrayList<>();
    for (InitSpec.Scheme s : InitSpec.Scheme.values()) names.add(s.specName());
    names.add("zeros");
    return List.copyOf(names);
  }

  private static double lr(String value) {
    double lr = number(value, "lr");
    if (!(lr > 0) || !Double.isFinite(lr))
      throw new Invalid("lr must be a finite number greater than 0, found " + value, null);
    return lr;
  }

  private static double number(String value, String name) {
    try {
      return Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new Invalid(name + " must be a number, found '" + value + "'", null);
    }
  }

  private static long seed(String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new Invalid("seed must be a whole number, found '" + value + "'", null);
    }
  }

  private static int positiveInt(String key, String value) {
    String digits = value.trim();
    if (digits.matches("\\+?[0-9]+")) {
      java.math.BigInteger n = new java.math.BigInteger(digits);
      if (n.bitLength() < 32 && n.signum() > 0) return n.intValue();
      if (n.signum() > 0)
        throw new Invalid(key + " must be at most 2147483647, found '" + value + "'", null);
    }
    throw new Invalid(key + " must be a whole number of at least 1, found '" + value + "'", null);
  }

  private static OptimizerSpec withLr(OptimizerSpec o, double lr) {
    return new OptimizerSpec(
        o.kind(), lr, o.momentum(), o.beta1(), o.beta2(), o.epsilon(), o.clipNorm(), o.clipValue());
  }

  /** Sets the activation (every layer but the last) or the weight init (every layer), not null. */
  private static NetworkSpec withHiddenLayers(NetworkSpec s, ActivationSpec a, InitSpec init) {
    List<LayerSpec> layers = new ArrayList<>(s.layers());
    int end = a != null ? layers.size() - 1 : layers.size();
    for (int i = 0; i < end; i++) layers.set(i, replace(layers.get(i), a, init));
    NetworkSpec swept = s.withLayers(layers);
    // a new init means fresh weights, also for a model whose file has its own
    return init != null && s.model() != null ? swept.withModel(s.model().withInitWeights()) : swept;
  }

  private static boolean touches(LayerSpec l, boolean activation) {
    if (l instanceof ResidualSpec r)
      return r.layers().stream().anyMatch(x -> touches(x, activation));
    return activation ? l.activation() != null : l.init() != null;
  }

  private static LayerSpec replace(LayerSpec l, ActivationSpec a, InitSpec init) {
    LayerSpec activated = a == null ? l : l.withActivation(a);
    return init == null ? activated : activated.withInit(init);
  }
}
