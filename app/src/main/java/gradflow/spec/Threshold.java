package gradflow.spec;

import java.util.Locale;

/**
 * Every tunable detector threshold, its spec/CLI key, default and meaning. The README's threshold
 * table is this enum; change both together.
 */
public enum Threshold {
  VANISHING_RATIO(
      0.01,
      "VANISHING_GRADIENT when the backpropagated signal mean|dL/dz| reaching the first layer is"
          + " below this fraction of the signal at the last layer"),
  VANISHING_MIN_STEPS(
      200,
      "VANISHING_GRADIENT and EXPLODING_GRADIENT need their ratio beyond its threshold on"
          + " consecutive logged steps spanning at least this many training steps, or over the"
          + " whole run"),
  EXPLODING_RATIO(
      100.0,
      "EXPLODING_GRADIENT when the first layer's signal exceeds the last layer's by this factor"),
  EXPLODING_GROWTH(
      1000.0,
      "EXPLODING_GRADIENT when the global gradient norm, recorded every training step, reaches"
          + " this multiple of its value at step 0; healthy shipped runs grow at"
          + " most 259x (25x but for a 30-layer swish net), diverging ones pass 1000x within a few"
          + " steps"),
  EXPLODING_MAGNITUDE(
      10.0,
      "EXPLODING_GRADIENT when a layer's mean |dL/dW| stays at or above this, sustained as"
          + " vanishing_min_steps says; healthy shipped nets measure at most 0.78 (most"
          + " below 0.1), the wide-uniform Maxout's output layer 38"),
  DEAD_FRACTION(
      0.5,
      "DEAD_UNITS as a warning when at least this share of a ReLU layer's units never activate"
          + " in the last logged windows; half, the dead-ReLU rule of SageMaker Debugger, since"
          + " healthy nets often have 10-25% dead units"),
  DEAD_FRACTION_INFO(
      0.1,
      "DEAD_UNITS as an info when at least this share of a ReLU layer's units never activate"
          + " in the last logged windows; keras-contrib's warning level, worth knowing but"
          + " common in healthy nets"),
  SATURATION_DERIVATIVE(
      0.01,
      "an activation is saturated when f'(z) is below this fraction of the activation's peak"
          + " derivative (sigmoid 0.25, tanh 1)"),
  SATURATED_FRACTION(
      0.5,
      "SATURATED_UNITS when more than this share of a sigmoid/tanh layer's activations are"
          + " saturated, averaged over the run"),
  FROZEN_FRACTION(
      0.1,
      "FROZEN_UNITS when at least this share of a layer's units receive exactly zero gradient"
          + " dL/dz over a logged window"),
  ACTIVATION_SCALE(
      100.0,
      "LARGE_ACTIVATIONS when a layer's mean |output|, median over the logged steps, exceeds"
          + " this"),
  DOMINANT_SHARE(
      0.95, "a Maxout unit is dominated when one piece wins at least this share of all inputs"),
  DOMINANT_UNITS(
      0.5,
      "MAXOUT_DOMINANT_PIECE when at least this share of a Maxout layer's units are dominated"),
  DEAD_PIECES(
      0.1,
      "MAXOUT_DEAD_PIECE when at least this share of a Maxout layer's pieces never win over the"
          + " whole run");

  private final double defaultValue;
  private final String meaning;

  Threshold(double defaultValue, String meaning) {
    this.defaultValue = defaultValue;
    this.meaning = meaning;
  }

  /** The key used in the spec's {@code thresholds} map and in {@code --threshold key=value}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public double defaultValue() {
    return defaultValue;
  }

  public String meaning() {
    return meaning;
  }

  /** The threshold with this key, or null. */
  public static Threshold byKey(String key) {
    for (Threshold t : values()) if (t.key().equals(key)) return t;
    return null;
  }
}
