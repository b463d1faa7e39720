package gradflow.spec;

/**
 * 2-D convolution over [channels, height, width] inputs: {@code filters} kernels of {@code kernelH}
 * x {@code kernelW} x channels, moved by the strides, a = f(conv(x, W) + b). {@code bias} false
 * drops b. Output [filters, outH, outW], see {@link Padding}.
 */
public record Conv2dSpec(
    int filters,
    int kernelH,
    int kernelW,
    int strideH,
    int strideW,
    Padding padding,
    ActivationSpec activation,
    InitSpec init,
    InitSpec biasInit,
    boolean bias)
    implements LayerSpec {
  public Conv2dSpec {
    if (filters < 1) {
      throw new IllegalArgumentException("filters must be at least 1, found " + filters);
    }
    Windows.check(kernelH, kernelW, strideH, strideW);
    if (padding == null) throw new IllegalArgumentException("padding must be valid or same");
    if (activation == null) throw new IllegalArgumentException("conv2d needs an activation");
  }

  @Override
  public String type() {
    return "conv2d";
  }
}
