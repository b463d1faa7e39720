package gradflow.probe;

import gradflow.spec.Threshold;
import java.util.List;

/**
 * VANISHING_GRADIENT: the backpropagated signal at the first layer stayed below {@code
 * vanishing_ratio} (default 0.01) of the signal at the last layer for a sustained stretch. Measured
 * on MNIST (784-10x5-10, Adam): sigmoid sits near 1e-3 for the first ~500 steps of the loss
 * plateau, then recovers to ~0.06; relu and leaky_relu stay between 0.2 and 4.
 */
final class VanishingGradientCheck extends SignalRatioCheck {
  private static final CheckInfo INFO =
      new CheckInfo(
          "VANISHING_GRADIENT",
          Severity.ERROR,
          null,
          "the backpropagated signal reaching the first layer stayed far weaker than at the last layer",
          List.of(Threshold.VANISHING_RATIO, Threshold.VANISHING_MIN_STEPS),
          List.of("mean_abs_signal"));

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  Threshold threshold() {
    return Threshold.VANISHING_RATIO;
  }

  @Override
  boolean vanishing() {
    return true;
  }

  @Override
  String describe(String first, String last, double medianRatio) {
    if (medianRatio == 0)
      return "no gradient signal at all reached "
          + first
          + " (dL/dz = 0), while "
          + last
          + " received one";
    return "the gradient signal reaching "
        + first
        + " was "
        + Numbers.factor(medianRatio)
        + " weaker than at "
        + last;
  }

  @Override
  String remedy(RunStats run) {
    List<String> acts = hiddenActivations(run);
    if (acts.contains("sigmoid") || acts.contains("tanh"))
      return "replace "
          + String.join(
              "/", acts.stream().filter(a -> a.equals("sigmoid") || a.equals("tanh")).toList())
          + " in the hidden layers with relu or leaky_relu (init he_uniform), or add batch normalisation;"
          + " a shallower stack also helps";
    return "use he_uniform (relu family) or xavier_uniform initialisation, fewer layers, or residual connections";
  }
}
