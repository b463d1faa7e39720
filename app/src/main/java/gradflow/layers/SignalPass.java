package gradflow.layers;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A layer pass that exposes the backpropagated signal dL/dz at its pre-activations: the quantity
 * that, multiplied by the layer's input, becomes dL/dW. Unlike dL/dW it is not thinned out by
 * sparse inputs (MNIST's always-zero border pixels), so vanishing is judged on it.
 */
public interface SignalPass extends LayerPass {
  /** dL/dz for the units of this layer, [n, units]; available after {@link #backwardInto}. */
  INDArray gradPreActivation();

  /**
   * dL/d(output), the gradient at the layer's output activation exactly as {@link #backwardInto}
   * received it (held, not copied, and never modified in place), shaped like {@link #output()}.
   * With {@link #gradPreActivation()} it splits a loss of signal between the weights above and this
   * layer's f'(z).
   */
  INDArray gradOutput();
}
