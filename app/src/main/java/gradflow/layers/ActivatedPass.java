package gradflow.layers;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A layer pass that computes a pre-activation z and then an activation, the tensors that
 * unit-health diagnostics read. Values are valid until the next training step.
 */
public interface ActivatedPass extends SignalPass {
  /** Pre-activation z, [n, units]. */
  INDArray preActivation();

  /** The activation applied to z. */
  Activation activation();

  /** f'(z), [n, units]; available after {@link #backward}. */
  INDArray activationDerivative();
}
