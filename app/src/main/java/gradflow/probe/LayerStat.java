package gradflow.probe;

import java.util.Arrays;
import java.util.List;

/**
 * The registry of per-layer and per-parameter statistics the probe measures at each logged step.
 * The report, the JSON Lines steps, the TensorBoard scalars, the tables and the charts list
 * statistics by iterating this enum, in this order, under {@link #key()}. NaN means "does not
 * apply" (no bias, no saturating activation, not a ReLU layer); fractions are over the window of
 * steps since the previous logged step, inclusive.
 *
 * <p>A {@link Scope#PARAMETER} statistic is measured for each parameter array under its own name
 * ({@code dense_3.W.mean_abs_grad}, {@code batchnorm_2.gamma.mean_abs_grad}) and also given a layer
 * value: the one of the layer's first parameter (its weight: W, or gamma), or, for the maximum and
 * the norm, over its first two (weight and bias).
 *
 * <p>{@link #WEIGHT_FACTOR} times {@link #ACTIVATION_FACTOR} is the layer's {@link
 * #MEAN_ABS_SIGNAL} over that of the next layer up that has one (the "signal layers": dense, conv,
 * activation, Maxout), so a loss between adjacent signal layers is split between the weights and
 * f'(z). Layers without pre-activations belong to the weight side, because only the layer's own
 * f'(z) is on the activation side (below a residual block, dL/da also carries the skip connection's
 * gradient, so the weight factor does too); NaN for the output-most signal layer. Below a
 * max-pooling layer both means are over the routed positions, as for {@link #MEAN_ABS_SIGNAL}.
 */
public enum LayerStat {
  MEAN_ABS_GRAD("mean_abs_grad", "mean |dL/dW|", Scope.PARAMETER, Summary.BOTH, true),
  MEAN_ABS_GRAD_BIAS("mean_abs_grad_bias", "mean |dL/db|", Scope.LAYER, Summary.LAST, false),
  MAX_ABS_GRAD("max_abs_grad", "max |g| over W and b", Scope.PARAMETER, Summary.LAST, false),
  GRAD_L2(
      "grad_l2",
      "L2 norm of the gradient of W and b together",
      Scope.PARAMETER,
      Summary.LAST,
      true),
  MEAN_ABS_WEIGHT("mean_abs_weight", "mean |W|", Scope.PARAMETER, Summary.LAST, false),
  UPDATE_RATIO(
      "update_ratio",
      "mean |delta W| / mean |W| of this step's update",
      Scope.PARAMETER,
      Summary.LAST,
      true),
  MEAN_ABS_SIGNAL(
      "mean_abs_signal",
      "mean |dL/dz|, the backpropagated signal at the layer's pre-activations",
      Scope.LAYER,
      Summary.BOTH,
      true),
  WEIGHT_FACTOR(
      "weight_factor",
      "mean |dL/da| at the layer's output over mean |dL/dz| of the next signal layer up: how the"
          + " weights above (with any flatten, dropout, normalisation or pooling between) scale the"
          + " signal",
      Scope.LAYER,
      Summary.BOTH,
      true),
  ACTIVATION_FACTOR(
      "activation_factor",
      "mean |dL/dz| over mean |dL/da|: how the layer's f'(z) scales the signal (Maxout: its routing"
          + " to the winning pieces, 1)",
      Scope.LAYER,
      Summary.BOTH,
      true),
  DEAD_FRACTION(
      "dead_fraction",
      "share of units never active (z > 0) in the window (ReLU-like only)",
      Scope.LAYER,
      Summary.LAST,
      true),
  FROZEN_FRACTION(
      "frozen_fraction",
      "share of units whose dL/dz was exactly 0 for every example in the window",
      Scope.LAYER,
      Summary.LAST,
      false),
  SATURATED_FRACTION(
      "saturated_fraction",
      "share of activations with f'(z) below 0.01 of the peak derivative (sigmoid/tanh-like only)",
      Scope.LAYER,
      Summary.LAST,
      true),
  MEAN_DERIVATIVE("mean_derivative", "mean f'(z)", Scope.LAYER, Summary.LAST, false),
  MEAN_ABS_ACTIVATION(
      "mean_abs_activation",
      "mean |output| of the layer on this step's batch",
      Scope.LAYER,
      Summary.LAST,
      true),
  ROUTED_SHARE(
      "routed_share",
      "max-pooling only: share of input positions that won at least one window",
      Scope.LAYER,
      Summary.LAST,
      false),
  TIED_WINDOW_SHARE(
      "tied_window_share",
      "max-pooling only: share of windows whose maximum was tied (the gradient went to the first"
          + " maximum)",
      Scope.LAYER,
      Summary.LAST,
      false);

  /** Whether a statistic belongs to the layer or to each of its parameter arrays. */
  public enum Scope {
    LAYER,
    PARAMETER
  }

  /**
   * How the report summarises a statistic over the run: the last logged value, or also the median.
   */
  public enum Summary {
    LAST,
    BOTH
  }

  private final String key;
  private final String meaning;
  private final Scope scope;
  private final Summary summary;
  private final boolean exported;

  LayerStat(String key, String meaning, Scope scope, Summary summary, boolean exported) {
    this.key = key;
    this.meaning = meaning;
    this.scope = scope;
    this.summary = summary;
    this.exported = exported;
  }

  /** The snake_case JSON key, also the TensorBoard tag suffix. */
  public String key() {
    return key;
  }

  /** The key of the run median, for {@link Summary#BOTH}. */
  public String medianKey() {
    return key + "_median";
  }

  public String meaning() {
    return meaning;
  }

  public Scope scope() {
    return scope;
  }

  public Summary summary() {
    return summary;
  }

  public boolean hasMedian() {
    return summary == Summary.BOTH;
  }

  /** Written as a TensorBoard scalar ({@code dense_1/mean_abs_grad}). */
  public boolean exported() {
    return exported;
  }

  /** The statistics of {@code scope}, in registry order. */
  public static List<LayerStat> of(Scope scope) {
    return Arrays.stream(values()).filter(s -> s.scope == scope).toList();
  }
}
