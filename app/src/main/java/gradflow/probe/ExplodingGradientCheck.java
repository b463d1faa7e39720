package gradflow.probe;

import gradflow.spec.Threshold;
import gradflow.spec.Thresholds;
import java.util.ArrayList;
import java.util.List;

/**
 * EXPLODING_GRADIENT, by three rules, each a finding of its own: the signal at the first layer
 * stayed above {@code exploding_ratio} (default 100, within AUTOTRAINER's 40-100) times the signal
 * at the last layer for a sustained stretch; the global gradient norm grew {@code exploding_growth}
 * times in time ({@link GradientGrowth}); a layer's mean |dL/dW| stayed at or above {@code
 * exploding_magnitude} ({@link GradientMagnitude}).
 */
final class ExplodingGradientCheck extends SignalRatioCheck {
  private static final CheckInfo INFO =
      new CheckInfo(
          "EXPLODING_GRADIENT",
          Severity.ERROR,
          null,
          "the gradient blew up: far stronger at the first layer than at the last, grown by orders"
              + " of magnitude during training, or huge at a layer for a sustained stretch",
          List.of(
              Threshold.EXPLODING_RATIO,
              Threshold.VANISHING_MIN_STEPS,
              Threshold.EXPLODING_GROWTH,
              Threshold.EXPLODING_MAGNITUDE),
          List.of("mean_abs_signal", "grad_l2", "mean_abs_grad"));

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> check(RunStats run, Thresholds thresholds) {
    List<Finding> findings = new ArrayList<>(super.check(run, thresholds));
    Finding growth = GradientGrowth.find(run, thresholds, INFO);
    if (growth != null) findings.add(growth);
    Finding magnitude = GradientMagnitude.find(run, thresholds, INFO);
    if (magnitude != null) findings.add(magnitude);
    return findings;
  }

  @Override
  Threshold threshold() {
    return Threshold.EXPLODING_RATIO;
  }

  @Override
  boolean vanishing() {
    return false;
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
