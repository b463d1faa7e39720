package gradflow.spec;

import java.util.List;

/**
 * 2-D convolution over [channels, height, width] inputs: {@code filters} kernels of {@code kernelH}
 * x {@code kernelW} x channels, moved by the strides, a = f(conv(x, W) + b). {@code bias} false
 * drops b. Output [filters, outH, outW], see {@link PaddingSpec}.
 */
public record Conv2dSpec(
    int filters,
    int kernelH,
    int kernelW,
    int strideH,
    int strideW,
    PaddingSpec padding,
    ActivationSpec activation,
    InitSpec init,
    InitSpec biasInit,
    boolean bias)
    implements LayerSpec {
  public Conv2dSpec {
    if (filters < 1) {
      throw new IllegalArgumentException("filters must be at least 1, found " + filters);
    }
    WindowSizes.check(kernelH, kernelW, strideH, strideW);
    if (padding == null) throw new IllegalArgumentException("padding must be valid or same");
    if (activation == null) throw new IllegalArgumentException("conv2d needs an activation");
  }

  static final LayerKind<Conv2dSpec> KIND =
      LayerKind.of(
              "conv2d",
              v ->
                  new Conv2dSpec(
                      v.integer("filters"),
                      v.window("kernel")[0],
                      v.window("kernel")[1],
                      v.window("stride")[0],
                      v.window("stride")[1],
                      v.get("padding"),
                      v.activation("activation"),
                      v.init("init"),
                      v.init("bias_init"),
                      v.bool("bias")),
              Field.count("filters", 1, "filters is the number of output channels"),
              Field.window("kernel", WindowSizes.KERNEL_HINT, 0, null),
              Field.window("stride", WindowSizes.STRIDE_HINT, 1, null),
              Field.choice(
                  "padding",
                  PaddingSpec.class,
                  "padding is valid (none: the output shrinks by kernel - 1) or same (the output is"
                      + " ceil(input / stride))"),
              Field.activation(),
              Field.init("init", "he_uniform"),
              Field.init("bias_init", "zeros"),
              Field.bool("bias", true))
          .sizedBy("filters");

  @Override
  public String type() {
    return "conv2d";
  }

  @Override
  public Conv2dSpec withActivation(ActivationSpec a) {
    return new Conv2dSpec(
        filters, kernelH, kernelW, strideH, strideW, padding, a, init, biasInit, bias);
  }

  @Override
  public Conv2dSpec withInit(InitSpec i) {
    return new Conv2dSpec(
        filters, kernelH, kernelW, strideH, strideW, padding, activation, i, biasInit, bias);
  }

  @Override
  public long[] outputShape(long[] in) {
    LayerShapes.requireImage(in, type());
    return new long[] {
      filters,
      LayerShapes.axis(in[1], kernelH, strideH, padding),
      LayerShapes.axis(in[2], kernelW, strideW, padding)
    };
  }

  /** W [filters, channels, kh, kw] and b [filters]; fan_in c*kh*kw, fan_out filters*kh*kw. */
  @Override
  public List<ParamShape> parameters(long[] in) {
    long area = (long) kernelH * kernelW;
    long fanIn = Math.multiplyExact(in[0], area);
    long fanOut = Math.multiplyExact(filters, area);
    ParamShape w =
        new ParamShape("W", new long[] {filters, in[0], kernelH, kernelW}, init, fanIn, fanOut);
    if (!bias) return List.of(w);
    return List.of(w, new ParamShape("b", new long[] {filters}, biasInit, fanIn, fanOut));
  }
}
