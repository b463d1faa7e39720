package gradflow.layers;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One forward pass through a layer and the state its backward pass needs. {@link #backwardInto} is
 * the one backward implementation: training runs it, and {@link #backward} and the gradient checks
 * go through it.
 */
public interface LayerPass {
  INDArray output();

  /**
   * The parameters of the layer that made this pass, by the short names {@link #backwardInto}
   * writes ("W", "b"; "dense_3.W" inside a residual block): the layer's {@link Layer#parameters()}.
   */
  Map<String, INDArray> parameters();

  /**
   * Backpropagates dL/d(output): overwrites every entry of each array {@code into} holds under a
   * parameter name (shaped like that parameter, typically a view into a flat gradient buffer) with
   * dL/d(parameter), and returns a fresh dL/d(input). Call at most once per pass.
   */
  INDArray backwardInto(INDArray gradOutput, Map<String, INDArray> into);

  /**
   * {@link #backwardInto} where no one reads dL/d(input) (the network's first layer, whose input is
   * the data): the same parameter gradients and the same kept state, but a layer may skip the input
   * gradient, as Dense, Conv2d and Maxout do (its gemm, or col2im, is work PyTorch does not do
   * either for an input that needs no gradient).
   */
  default void backwardParametersInto(INDArray gradOutput, Map<String, INDArray> into) {
    backwardInto(gradOutput, into);
  }

  /**
   * {@link #backwardInto} with fresh target arrays: dL/d(input) and every dL/d(parameter), in
   * {@link #parameters()} order. A convenience for tests and callers without a gradient buffer;
   * implementations don't override it.
   */
  default Gradients backward(INDArray gradOutput) {
    Map<String, INDArray> grads = new LinkedHashMap<>();
    parameters().forEach((key, p) -> grads.put(key, Nd4j.zeros(p.dataType(), p.shape())));
    INDArray gradInput = backwardInto(gradOutput, grads);
    return new Gradients(gradInput, grads);
  }
}
