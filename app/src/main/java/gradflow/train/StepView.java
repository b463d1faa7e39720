package gradflow.train;

import gradflow.data.Batch;
import gradflow.model.Network;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Read-only view of one training step.
 *
 * @param step 0-based step index
 * @param logged true on the steps whose statistics are logged (every log_every, and the last)
 * @param loss mean loss over the batch
 * @param accuracy share of the batch classified correctly
 * @param network parameters (before this step's update) and this step's gradients
 * @param pass each layer's forward step, after backward (so gradients at z are set)
 * @param update the flat update about to be subtracted from the parameters
 * @param batch the examples of this step
 * @param sums chunk sums of each parameter's gradient, weights and update from the optimizer's
 *     pass, when it {@link ParameterSums#filled() filled} them on this step; else null or unfilled
 * @param gradNorm the global L2 norm of this step's gradient where the optimizer's pass computed it
 *     (see {@link Optimizer#gradientSquareSum()}), else NaN
 */
public record StepView(
    int step,
    boolean logged,
    double loss,
    double accuracy,
    Network network,
    Network.ForwardPass pass,
    INDArray update,
    Batch batch,
    ParameterSums sums,
    double gradNorm) {
  /** A view without the optimizer's sums (the probe then measures on its own). */
  public StepView(
      int step,
      boolean logged,
      double loss,
      double accuracy,
      Network network,
      Network.ForwardPass pass,
      INDArray update,
      Batch batch) {
    this(step, logged, loss, accuracy, network, pass, update, batch, null, Double.NaN);
  }
}
