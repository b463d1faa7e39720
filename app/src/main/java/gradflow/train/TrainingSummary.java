package gradflow.train;

/**
 * How training went, in plain numbers.
 *
 * @param stepsRun steps completed (including a step that produced a non-finite value)
 * @param nonFinite where NaN or Inf first appeared, or null
 * @param testAccuracy accuracy on the test set, or NaN when there is none or training diverged
 * @param testLoss mean loss on the test set, or NaN
 * @param firstStepSeconds wall time from process start to the end of the first step
 * @param trainSeconds wall time of the training loop
 * @param interrupted true when the stop condition ended training before its last step
 */
public record TrainingSummary(
    int stepsRun,
    NonFiniteEvent nonFinite,
    double testAccuracy,
    double testLoss,
    double firstStepSeconds,
    double trainSeconds,
    boolean interrupted) {

  /** A run that was not interrupted. */
  public TrainingSummary(
      int stepsRun,
      NonFiniteEvent nonFinite,
      double testAccuracy,
      double testLoss,
      double firstStepSeconds,
      double trainSeconds) {
    this(stepsRun, nonFinite, testAccuracy, testLoss, firstStepSeconds, trainSeconds, false);
  }
}
