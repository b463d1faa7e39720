package gradflow.layers;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A network layer that owns its forward and backward pass. Layers hold parameters but no per-pass
 * state: everything the backward pass needs lives in the {@link LayerPass} that {@link #forward}
 * returns, so diagnostics can read it without the layer knowing about them.
 */
public interface Layer {
  /** Unique name derived from the spec, such as "dense_3". */
  String name();

  /** Output shape for an input shape (both without the batch axis); checked at build time. */
  long[] outputShape(long[] inputShape);

  /**
   * One forward pass over a batch [n, ...] in training mode. Never modifies the input or the
   * parameters.
   */
  LayerPass forward(INDArray input);

  /**
   * One forward pass in training ({@code true}) or inference ({@code false}) mode. Layers that
   * behave the same in both (Dense, Maxout) keep this default; BatchNorm and Dropout override it.
   */
  default LayerPass forward(INDArray input, boolean training) {
    return forward(input);
  }

  /**
   * Parameter arrays by short name ("W", "b"), in a stable order; only the optimizer writes them. A
   * layer that contains layers (Residual) qualifies them by the inner layer: "dense_3.W".
   */
  Map<String, INDArray> parameters();
}
