package gradflow.train;

/**
 * Watches training without steering it. {@link #onStep} runs after the backward pass and the
 * optimizer's update computation, before the update is applied. The arrays in the view are reused
 * or freed after it returns: reduce them to numbers there, or {@code dup()} (outside the step
 * workspace) what you keep.
 */
public interface TrainingObserver {
  void onStep(StepView view);

  /** Called once after the last step (or after training stopped on a non-finite value). */
  default void onEnd(TrainingSummary summary) {}
}
