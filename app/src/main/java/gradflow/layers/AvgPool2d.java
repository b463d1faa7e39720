package gradflow.layers;

import gradflow.nd.HostArrays;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Average pooling over VALID kh x kw windows of NCHW images, each channel on its own: y[n, c, i, j]
 * = (1 / (kh kw)) sum_{p, q} x[n, c, i sH + p, j sW + q]. Overlapping windows (stride below the
 * kernel) are allowed. No parameters.
 *
 * <p>Shapes: x [n, c, h, w], y [n, c, (h − kh) / sH + 1, (w − kw) / sW + 1]. Backward: every input
 * of a window gets dL/dy / (kh kw), summed over the windows that contain it; inputs in no window
 * (stride above the kernel, or the last rows and columns) get 0. Sums run in double.
 */
public final class AvgPool2d extends Pool2d {
  public AvgPool2d(String name, int kh, int kw, int strideH, int strideW) {
    super(name, kh, kw, strideH, strideW);
  }

  @Override
  public AvgPool2dPass forward(INDArray input) {
    long[] chw = Windows.chwOf(name, input);
    long[] out = outputShape(chw);
    long[] shape = {input.size(0), chw[0], out[1], out[2]};
    double[] x = HostArrays.doubles(input);
    double[] y = new double[Math.toIntExact(shape[0] * shape[1] * shape[2] * shape[3])];
    double scale = 1.0 / (kh * kw);
    visit(input.shape(), shape, (o, k) -> y[o] += x[k]);
    for (int o = 0; o < y.length; o++) y[o] *= scale;
    return new AvgPool2dPass(
        input.shape(), input.dataType(), HostArrays.of(y, shape, input.dataType()));
  }

  private interface Visitor {
    void accept(int outputIndex, int inputIndex);
  }

  /** Calls {@code visitor} for every (window, input in the window) pair, in NCHW order. */
  private void visit(long[] inputShape, long[] outputShape, Visitor visitor) {
    int planes = Math.toIntExact(inputShape[0] * inputShape[1]);
    int h = Math.toIntExact(inputShape[2]);
    int w = Math.toIntExact(inputShape[3]);
    int outH = Math.toIntExact(outputShape[2]);
    int outW = Math.toIntExact(outputShape[3]);
    int o = 0;
    for (int plane = 0; plane < planes; plane++) {
      for (int i = 0; i < outH; i++) {
        for (int j = 0; j < outW; j++, o++) {
          for (int p = 0; p < kh; p++) {
            int row = (plane * h + i * strideH + p) * w + j * strideW;
            for (int q = 0; q < kw; q++) visitor.accept(o, row + q);
          }
        }
      }
    }
  }

  /** Saved state of one pass: only shapes, since the derivative is the constant 1 / (kh kw). */
  public final class AvgPool2dPass implements LayerPass {
    private final long[] inputShape;
    private final DataType dataType;
    private final INDArray y;

    private AvgPool2dPass(long[] inputShape, DataType dataType, INDArray y) {
      this.inputShape = inputShape;
      this.dataType = dataType;
      this.y = y;
    }

    @Override
    public INDArray output() {
      return y;
    }

    @Override
    public Map<String, INDArray> parameters() {
      return AvgPool2d.this.parameters();
    }

    @Override
    public INDArray backwardInto(INDArray gradOutput, Map<String, INDArray> into) {
      Gradients.requireShape(name, gradOutput, y);
      double[] g = HostArrays.doubles(gradOutput);
      double scale = 1.0 / (kh * kw);
      long inputs = 1;
      for (long d : inputShape) inputs *= d;
      double[] gradX = new double[Math.toIntExact(inputs)];
      visit(inputShape, y.shape(), (o, k) -> gradX[k] += g[o] * scale);
      return HostArrays.of(gradX, inputShape, dataType);
    }
  }
}
