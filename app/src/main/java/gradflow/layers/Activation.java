package gradflow.layers;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An element-wise activation a = f(z) and its derivative. Implementations return fresh arrays in
 * the input's data type and never modify their arguments.
 */
public interface Activation {
  /** Spec name: "relu", "leaky_relu", ... */
  String name();

  INDArray apply(INDArray z);

  /** f'(z); {@code a} is f(z) from {@link #apply}, which many derivatives reuse. */
  INDArray derivative(INDArray z, INDArray a);

  /** The largest value f' takes (sigmoid 0.25, tanh 1); saturation is measured against it. */
  double peakDerivative();

  /** True where f' is exactly 0 on a half-line (relu), so a unit can die. */
  default boolean canDie() {
    return false;
  }

  /**
   * True where f' jumps at z = 0 (relu, leaky_relu, step-like), so a finite difference taken across
   * 0 does not measure the gradient.
   */
  default boolean hasKinkAtZero() {
    return canDie();
  }

  /** True for sigmoid-like activations whose derivative tends to 0 on both sides. */
  default boolean canSaturate() {
    return false;
  }
}
