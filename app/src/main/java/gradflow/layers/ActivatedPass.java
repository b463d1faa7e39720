package gradflow.layers;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A layer pass that computes a pre-activation z and then an activation, the tensors that
 * unit-health diagnostics read. Values are valid until the next training step.
 */
public interface ActivatedPass extends SignalPass, KinkPass {
  /** Pre-activation z, [n, units]. */
  INDArray preActivation();

  /** The activation applied to z. */
  Activation activation();

  /** f'(z), [n, units]; available after {@link #backwardInto}. */
  INDArray activationDerivative();

  /** The sign pattern of z when the activation has a kink at 0 (ReLU family), else none (0). */
  @Override
  default int kinkPattern() {
    return activation().hasKinkAtZero() ? KinkPass.hashOf(preActivation().gt(0)) : 0;
  }
}
