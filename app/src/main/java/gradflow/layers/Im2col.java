package gradflow.layers;

import gradflow.nd.HostArrays;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The im2col matrix of a convolution as a map from each of its entries to the input entry it
 * copies. Row (c, p, q) and column (n, i, j) of col [inC kh kw, n outH outW] hold x[n, c, i sH + p
 * − padTop, j sW + q − padLeft], or 0 where that falls in the padding. Written in Java because ND4J
 * 1.0.0-M2.1's im2col op is several times slower than this loop on CPU; the same map runs backwards
 * for col2im, adding up the entries that share an input.
 */
final class Im2col {
  private final int[] source; // flat NCHW input index per col entry (row-major), −1 for padding
  private final long[] inputShape;
  private final long rows;
  private final long columns;

  Im2col(
      long[] inputShape,
      int kh,
      int kw,
      int strideH,
      int strideW,
      int padTop,
      int padLeft,
      int outH,
      int outW) {
    this.inputShape = inputShape.clone();
    int n = Math.toIntExact(inputShape[0]);
    int channels = Math.toIntExact(inputShape[1]);
    int h = Math.toIntExact(inputShape[2]);
    int w = Math.toIntExact(inputShape[3]);
    this.rows = (long) channels * kh * kw;
    this.columns = (long) n * outH * outW;
    this.source = new int[Math.toIntExact(rows * columns)];
    int k = 0;
    for (int c = 0; c < channels; c++) {
      for (int p = 0; p < kh; p++) {
        for (int q = 0; q < kw; q++) {
          for (int image = 0; image < n; image++) {
            int plane = (image * channels + c) * h;
            for (int i = 0; i < outH; i++) {
              int r = i * strideH + p - padTop;
              for (int j = 0; j < outW; j++, k++) {
                int s = j * strideW + q - padLeft;
                source[k] = r >= 0 && r < h && s >= 0 && s < w ? (plane + r) * w + s : -1;
              }
            }
          }
        }
      }
    }
  }

  /** Whether this map is the one for inputs of {@code shape}. */
  boolean reads(long[] shape) {
    return Arrays.equals(inputShape, shape);
  }

  /** col [inC kh kw, n outH outW] of {@code x}, a fresh array in x's data type. */
  INDArray gather(INDArray x) {
    long[] shape = {rows, columns};
    if (x.dataType() == DataType.FLOAT) {
      float[] xs = HostArrays.floats(x);
      float[] col = new float[source.length];
      for (int k = 0; k < col.length; k++) col[k] = source[k] < 0 ? 0f : xs[source[k]];
      return HostArrays.of(col, shape);
    }
    double[] xs = HostArrays.doubles(x);
    double[] col = new double[source.length];
    for (int k = 0; k < col.length; k++) col[k] = source[k] < 0 ? 0.0 : xs[source[k]];
    return HostArrays.of(col, shape, x.dataType());
  }

  /** col2im: dL/dx [n, c, h, w] with each input entry summing the col entries that copied it. */
  INDArray scatterAdd(INDArray gradCol) {
    int length = Math.toIntExact(inputShape[0] * inputShape[1] * inputShape[2] * inputShape[3]);
    if (gradCol.dataType() == DataType.FLOAT) {
      float[] g = HostArrays.floats(gradCol);
      float[] gradX = new float[length];
      for (int k = 0; k < g.length; k++) if (source[k] >= 0) gradX[source[k]] += g[k];
      return HostArrays.of(gradX, inputShape);
    }
    double[] g = HostArrays.doubles(gradCol);
    double[] gradX = new double[length];
    for (int k = 0; k < g.length; k++) if (source[k] >= 0) gradX[source[k]] += g[k];
    return HostArrays.of(gradX, inputShape, gradCol.dataType());
  }
}
