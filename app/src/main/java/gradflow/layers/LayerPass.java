package gradflow.layers;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** One forward pass through a layer and the state its backward pass needs. */
public interface LayerPass {
  INDArray output();

  /**
   * Backpropagates dL/d(output) and returns fresh arrays for dL/d(input) and every parameter. Call
   * at most once per pass.
   */
  Gradients backward(INDArray gradOutput);

  /**
   * Like {@link #backward}, but writes each parameter gradient into the array {@code into} holds
   * under its name (same shape, typically a view into a flat gradient buffer) and returns only
   * dL/d(input). Layers override it to let their products land there without a copy.
   */
  default INDArray backwardInto(INDArray gradOutput, Map<String, INDArray> into) {
    Gradients g = backward(gradOutput);
    for (Map.Entry<String, INDArray> e : g.parameters().entrySet())
      into.get(e.getKey()).assign(e.getValue());
    return g.input();
  }
}
