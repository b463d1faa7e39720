package gradflow.layers;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What max and average pooling share: a VALID kh x kw window moved by (strideH, strideW) over each
 * channel of NCHW images, checked once, and no parameters. Output [c, (h − kh) / sH + 1, (w − kw) /
 * sW + 1] per example.
 */
abstract sealed class Pool2d implements Layer permits AvgPool2d, MaxPool2d {
  final String name;
  final int kh;
  final int kw;
  final int strideH;
  final int strideW;

  Pool2d(String name, int kh, int kw, int strideH, int strideW) {
    Windows.checkWindow(name, kh, kw, strideH, strideW);
    this.name = name;
    this.kh = kh;
    this.kw = kw;
    this.strideH = strideH;
    this.strideW = strideW;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final long[] outputShape(long[] inputShape) {
    long[] hw = Windows.outputHw(name, inputShape, kh, kw, strideH, strideW, Padding.VALID);
    return new long[] {inputShape[0], hw[0], hw[1]};
  }

  /** Behaves the same in every mode: the context is not read. */
  @Override
  public final LayerPass forward(INDArray input, ForwardContext context) {
    return forward(input);
  }

  @Override
  public final Map<String, INDArray> parameters() {
    return Map.of();
  }
}
