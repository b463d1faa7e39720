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
}
