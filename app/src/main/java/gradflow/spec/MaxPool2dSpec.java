package gradflow.spec;

/**
 * Max pooling over [channels, height, width]: each output is the max of a {@code kernelH} x {@code
 * kernelW} window, windows {@code strideH}, {@code strideW} apart, no padding. A stride below the
 * kernel makes windows overlap. Output [channels, floor((h - kh) / sh) + 1, floor((w - kw) / sw) +
 * 1].
 */
public record MaxPool2dSpec(int kernelH, int kernelW, int strideH, int strideW)
    implements LayerSpec {
  public MaxPool2dSpec {
    WindowSizes.check(kernelH, kernelW, strideH, strideW);
  }

  static final LayerKind<MaxPool2dSpec> KIND =
      LayerKind.of(
          "maxpool2d",
          v ->
              new MaxPool2dSpec(
                  v.window("kernel")[0],
                  v.window("kernel")[1],
                  v.window("stride")[0],
                  v.window("stride")[1]),
          Field.window("kernel", Conv2dSpec.KERNEL_HINT, 0, null),
          Field.window("stride", "e.g. stride: 2, or stride: [1, 2]", 0, "kernel"));

  @Override
  public String type() {
    return "maxpool2d";
  }

  @Override
  public long[] outputShape(long[] in) {
    return LayerShapes.pooled(in, type(), kernelH, kernelW, strideH, strideW);
  }
}
