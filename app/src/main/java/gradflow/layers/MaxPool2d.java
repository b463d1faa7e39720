package gradflow.layers;

import gradflow.nd.HostArrays;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Max pooling over VALID kh x kw windows of NCHW images, each channel on its own: y[n, c, i, j] =
 * max_{p, q} x[n, c, i sH + p, j sW + q]. Strides smaller than the kernel (overlapping windows) are
 * allowed. No parameters.
 *
 * <p>Shapes: x [n, c, h, w], y [n, c, (h − kh) / sH + 1, (w − kw) / sW + 1].
 *
 * <p>Backward sends each window's gradient to exactly one input, the window's winner, with slope 1;
 * every other input of the window gets 0. An input that wins several overlapping windows gets the
 * sum of their gradients. Ties: the first maximum in window order (row by row, left to right) wins,
 * never all tied inputs. A NaN wins its window (the first NaN, if several), so it reaches the
 * output instead of hiding behind a larger number.
 */
public final class MaxPool2d extends Pool2d {
  public MaxPool2d(String name, int kh, int kw, int strideH, int strideW) {
    super(name, kh, kw, strideH, strideW);
  }

  @Override
  public MaxPool2dPass forward(INDArray input) {
    long[] chw = Windows.chwOf(name, input);
    long[] out = outputShape(chw);
    int planes = Math.toIntExact(input.size(0) * chw[0]);
    int h = Math.toIntExact(chw[1]);
    int w = Math.toIntExact(chw[2]);
    int outH = Math.toIntExact(out[1]);
    int outW = Math.toIntExact(out[2]);
    double[] x = HostArrays.doubles(input);
    double[] y = new double[planes * outH * outW];
    int[] winner = new int[y.length];
    long ties = 0;
    int o = 0;
    for (int plane = 0; plane < planes; plane++) {
      int base = plane * h * w;
      for (int i = 0; i < outH; i++) {
        for (int j = 0; j < outW; j++, o++) {
          int best = base + i * strideH * w + j * strideW;
          double max = x[best];
          int equal = 1; // entries equal to the current maximum, the winner included
          for (int p = 0; p < kh; p++) {
            int row = base + (i * strideH + p) * w + j * strideW;
            for (int q = p == 0 ? 1 : 0; q < kw; q++) {
              int k = row + q;
              double v = x[k];
              if (v > max || (v != v && max == max)) { // a larger entry, or the first NaN
                best = k;
                max = v;
                equal = 1;
              } else if (v == max) {
                equal++;
              }
            }
          }
          winner[o] = best;
          y[o] = max;
          if (equal > 1) ties++;
        }
      }
    }
    long[] shape = {input.size(0), chw[0], outH, outW};
    return new MaxPool2dPass(
        input.shape(), input.dataType(), HostArrays.of(y, shape, input.dataType()), winner, ties);
  }

  /** Saved state of one pass: for each window, the flat NCHW index of its winning input. */
  public final class MaxPool2dPass implements RoutingPass, KinkPass {
    private final long[] inputShape;
    private final DataType dataType;
    private final INDArray y;
    private final int[] winner;
    private final long ties;

    private MaxPool2dPass(
        long[] inputShape, DataType dataType, INDArray y, int[] winner, long ties) {
      this.inputShape = inputShape;
      this.dataType = dataType;
      this.y = y;
      this.winner = winner;
      this.ties = ties;
    }

    @Override
    public INDArray output() {
      return y;
    }

    /**
     * Share of input positions that won at least one window, so that backward routes gradient to
     * them; the rest always get 0. In [0, 1].
     */
    public double routedShare() {
      BitSet won = new BitSet();
      for (int k : winner) won.set(k);
      long inputs = 1;
      for (long d : inputShape) inputs *= d;
      return (double) won.cardinality() / inputs;
    }

    @Override
    public long windows() {
      return winner.length;
    }

    /** Number of windows whose maximum was reached by more than one input. */
    public long ties() {
      return ties;
    }

    /** Flat row-major index into the input of the winner of each window, in output order. */
    public int[] winners() {
      return winner.clone();
    }

    /** The winner of every window. */
    @Override
    public int kinkPattern() {
      return Arrays.hashCode(winner);
    }

    @Override
    public Map<String, INDArray> parameters() {
      return MaxPool2d.this.parameters();
    }

    @Override
    public INDArray backwardInto(INDArray gradOutput, Map<String, INDArray> into) {
      Gradients.requireShape(name, gradOutput, y);
      double[] g = HostArrays.doubles(gradOutput);
      long inputs = 1;
      for (long d : inputShape) inputs *= d;
      double[] gradX = new double[Math.toIntExact(inputs)];
      for (int o = 0; o < winner.length; o++) gradX[winner[o]] += g[o];
      return HostArrays.of(gradX, inputShape, dataType);
    }
  }
}
