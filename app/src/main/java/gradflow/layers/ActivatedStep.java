package gradflow.layers;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A step of a layer that computes a pre-activation z and then an activation, the tensors that
 * unit-health diagnostics read. Values are valid until the next training step.
 */
public interface ActivatedStep extends SignalStep {
  /** Pre-activation z, [n, units]. */
  INDArray preActivation();

  /** The activation applied to z. */
  Activation activation();

  /** f'(z), [n, units]; available after {@link #backward}. */
  INDArray activationDerivative();
}
