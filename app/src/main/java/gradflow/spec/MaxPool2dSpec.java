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
      WindowSizes.poolKind("maxpool2d", MaxPool2dSpec::new);

  @Override
  public String type() {
    return "maxpool2d";
  }

  @Override
  public long[] outputShape(long[] in) {
    return LayerShapes.pooled(in, type(), kernelH, kernelW, strideH, strideW);
  }
}
