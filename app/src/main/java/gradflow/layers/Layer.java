package gradflow.layers;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A network layer that owns its forward and backward pass. Layers hold parameters but no per-pass
 * state: everything the backward pass needs lives in the {@link LayerPass} that {@link #forward}
 * returns, so diagnostics can read it without the layer knowing about them, and mode and randomness
 * come in through a {@link ForwardContext}.
 */
public interface Layer {
  /** Unique name derived from the spec, such as "dense_3". */
  String name();

  /** Output shape for an input shape (both without the batch axis); checked at build time. */
  long[] outputShape(long[] inputShape);

  /**
   * One forward pass over a batch [n, ...] in the mode {@code context} gives. Never modifies the
   * input or the parameters (BatchNorm's running averages are state, updated only when the context
   * says so).
   */
  LayerPass forward(INDArray input, ForwardContext context);

  /**
   * Training pass 0 ({@link ForwardContext#training}(0)): for tests and layers that behave the same
   * in every mode (Dense, Maxout), which implement this and let the context version call it.
   */
  default LayerPass forward(INDArray input) {
    return forward(input, ForwardContext.training(0));
  }

  /**
   * Parameter arrays by short name ("W", "b"), in a stable order; only the optimizer writes them. A
   * layer that contains layers (Residual) qualifies them by the inner layer: "dense_3.W".
   */
  Map<String, INDArray> parameters();
}
