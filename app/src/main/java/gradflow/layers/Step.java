package gradflow.layers;

import org.nd4j.linalg.api.ndarray.INDArray;

/** One forward pass through a layer and the state its backward pass needs. */
public interface Step {
  INDArray output();

  /**
   * Backpropagates dL/d(output) and returns fresh arrays for dL/d(input) and every parameter.
   * Call at most once per step.
   */
  Gradients backward(INDArray gradOutput);
}
