package gradflow.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import gradflow.spec.ActivationKind;
import gradflow.spec.ActivationSpec;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Conv2d forward against a nested-loop convolution on random input, with TensorFlow's SAME padding
 * written out again here (output ceil(in / s), the odd padding row after the last), in double and
 * in float.
 */
class Conv2dNaiveTest {
  /** {n, inC, h, w, outC, kh, kw, strideH, strideW} */
  private static final int[][] CONFIGS = {
    {2, 3, 7, 6, 4, 3, 3, 1, 1},
    {3, 2, 8, 9, 5, 3, 2, 2, 2},
    {1, 1, 10, 10, 2, 4, 4, 3, 3},
    {2, 4, 6, 6, 3, 1, 1, 2, 1},
    {2, 2, 5, 7, 3, 2, 3, 1, 2},
    {1, 3, 4, 4, 2, 1, 1, 3, 3} // kernel smaller than stride: SAME pads nothing
  };

  @Test
  void forwardMatchesNestedLoops() {
    int seed = 0;
    for (int[] cfg : CONFIGS) {
      for (Padding padding : Padding.values()) {
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
          SplittableRandom rng = new SplittableRandom(seed++);
          INDArray x =
              GradientCheck.uniform(rng, -1, 1, cfg[0], cfg[1], cfg[2], cfg[3]).castTo(type);
          INDArray w =
              GradientCheck.uniform(rng, -1, 1, cfg[4], cfg[1], cfg[5], cfg[6]).castTo(type);
          INDArray b = GradientCheck.uniform(rng, -1, 1, cfg[4]).castTo(type);
          Conv2d conv =
              new Conv2d(
                  "conv_1",
                  w,
                  b,
                  cfg[7],
                  cfg[8],
                  padding,
                  Activations.of(ActivationSpec.of(ActivationKind.LINEAR)));
          INDArray z = conv.forward(x).preActivation();
          double[][][][] expected = naive(x, w, b, cfg[7], cfg[8], padding == Padding.SAME);
          String label = java.util.Arrays.toString(cfg) + " " + padding + " " + type;
          assertArrayEquals(
              new long[] {cfg[0], cfg[4], expected[0][0].length, expected[0][0][0].length},
              z.shape(),
              label + " shape");
          assertEquals(type, z.dataType(), label + " type");
          double tolerance = type == DataType.DOUBLE ? 1e-12 : 1e-5;
          for (int n = 0; n < expected.length; n++)
            for (int o = 0; o < expected[n].length; o++)
              for (int i = 0; i < expected[n][o].length; i++)
                for (int j = 0; j < expected[n][o][i].length; j++)
                  assertEquals(
                      expected[n][o][i][j],
                      z.getDouble(n, o, i, j),
                      tolerance,
                      label + " z[" + n + "," + o + "," + i + "," + j + "]");
        }
      }
    }
  }

  private static double[][][][] naive(
      INDArray x, INDArray w, INDArray b, int sh, int sw, boolean same) {
    int n = (int) x.size(0), c = (int) x.size(1), h = (int) x.size(2), wd = (int) x.size(3);
    int oc = (int) w.size(0), kh = (int) w.size(2), kw = (int) w.size(3);
    int outH, outW, top, left;
    if (same) {
      outH = (h + sh - 1) / sh;
      outW = (wd + sw - 1) / sw;
      top = Math.max((outH - 1) * sh + kh - h, 0) / 2;
      left = Math.max((outW - 1) * sw + kw - wd, 0) / 2;
    } else {
      outH = (h - kh) / sh + 1;
      outW = (wd - kw) / sw + 1;
      top = 0;
      left = 0;
    }
    double[][][][] z = new double[n][oc][outH][outW];
    for (int img = 0; img < n; img++)
      for (int o = 0; o < oc; o++)
        for (int i = 0; i < outH; i++)
          for (int j = 0; j < outW; j++) {
            double sum = b.getDouble(o);
            for (int ch = 0; ch < c; ch++)
              for (int p = 0; p < kh; p++)
                for (int q = 0; q < kw; q++) {
                  int r = i * sh + p - top;
                  int s = j * sw + q - left;
                  if (r >= 0 && r < h && s >= 0 && s < wd)
                    sum += w.getDouble(o, ch, p, q) * x.getDouble(img, ch, r, s);
                }
            z[img][o][i][j] = sum;
          }
    return z;
  }
}
