package gradflow.spec;

/**
 * Average pooling over [channels, height, width]: each output is the mean of a {@code kernelH} x
 * {@code kernelW} window, windows {@code strideH}, {@code strideW} apart, no padding. A stride
 * below the kernel makes windows overlap. Output [channels, floor((h - kh) / sh) + 1, floor((w -
 * kw) / sw) + 1].
 */
public record AvgPool2dSpec(int kernelH, int kernelW, int strideH, int strideW)
    implements LayerSpec {
  public AvgPool2dSpec {
    WindowSizes.check(kernelH, kernelW, strideH, strideW);
  }

  static final LayerKind<AvgPool2dSpec> KIND =
      WindowSizes.poolKind("avgpool2d", AvgPool2dSpec::new);

  @Override
  public String type() {
    return "avgpool2d";
  }

  @Override
  public long[] outputShape(long[] in) {
    return LayerShapes.pooled(in, type(), kernelH, kernelW, strideH, strideW);
  }
}
