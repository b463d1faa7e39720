package gradflow.probe;

import gradflow.spec.Threshold;
import java.util.List;

/**
 * EXPLODING_GRADIENT: the signal at the first layer stayed above {@code exploding_ratio} (default
 * 100, within AUTOTRAINER's 40-100) times the signal at the last layer for a sustained stretch.
 */
final class ExplodingGradientCheck extends SignalRatioCheck {
  private static final CheckInfo INFO =
      new CheckInfo(
          "EXPLODING_GRADIENT",
          Severity.ERROR,
          null,
          "the backpropagated signal reaching the first layer stayed far stronger than at the last layer",
          List.of(Threshold.EXPLODING_RATIO, Threshold.VANISHING_MIN_STEPS));

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  Threshold threshold() {
    return Threshold.EXPLODING_RATIO;
  }

  @Override
  boolean beyond(double ratio, double threshold) {
    return ratio > threshold;
  }

  @Override
  String describe(String first, String last, double medianRatio) {
    return "the gradient signal reaching "
        + first
        + " was "
        + Numbers.factor(medianRatio)
        + " stronger than at "
        + last;
  }

  @Override
  String remedy(RunStats run) {
    return "scale the initialisation down (xavier_uniform or he_uniform instead of large constants or wide"
        + " uniforms), add clip_norm: 1.0 to the optimizer, or lower the learning rate";
  }
}
