package gradflow.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater;
import org.nd4j.linalg.factory.Nd4j;

/** FlatAdam against ND4J's AdamUpdater, bit for bit: the golden reports depend on it. */
class FlatAdamTest {
  private static final double LR = 0.001, BETA1 = 0.9, BETA2 = 0.999, EPS = 1e-8;

  /** Runs both on the same inputs; returns {nd4j m, v, u, flat m, v, u} as float vectors. */
  private static float[][] bothAfter(int n, int[] iterations, boolean inPlace) {
    Nd4j.getRandom().setSeed(7);
    INDArray m = Nd4j.zeros(DataType.FLOAT, n), v = Nd4j.zeros(DataType.FLOAT, n);
    INDArray fm = m.dup(), fv = v.dup();
    INDArray u = Nd4j.zeros(DataType.FLOAT, n), fu = u.dup();
    for (int k = 0; k < iterations.length; k++) {
      INDArray g = Nd4j.randn(DataType.FLOAT, n).muli(Math.pow(10, -k));
      g.putScalar(0, 0f); // a zero gradient: 0 / (sqrt(v) + eps)
      Nd4j.exec(new AdamUpdater(g, v, m, u, v, m, LR, BETA1, BETA2, EPS, iterations[k]));
      INDArray fg = inPlace ? fu.assign(g) : g.dup();
      FlatAdam.Coefficients c =
          FlatAdam.Coefficients.of(
              (float) LR, (float) BETA1, (float) BETA2, (float) EPS, iterations[k]);
      FlatAdam.step(fg, fm, fv, fu, c, null, null);
      if (!inPlace) assertArrayEquals(g.toFloatVector(), fg.toFloatVector(), "grad left alone");
    }
    return new float[][] {
      m.toFloatVector(), v.toFloatVector(), u.toFloatVector(),
      fm.toFloatVector(), fv.toFloatVector(), fu.toFloatVector()
    };
  }

  private static void assertSameBits(float[][] r) {
    for (int k = 0; k < 3; k++)
      for (int i = 0; i < r[k].length; i++)
        if (Float.floatToRawIntBits(r[k][i]) != Float.floatToRawIntBits(r[k + 3][i]))
          throw new AssertionError(
              new String[] {"m", "v", "update"}[k]
                  + "["
                  + i
                  + "]: nd4j "
                  + r[k][i]
                  + ", flat "
                  + r[k + 3][i]);
  }

  @Test
  void matchesNd4jOnOneThreadIncludingLateIterations() {
    // 3605 and 10 are iterations where Java's pow and a float alpha gave different last bits
    assertSameBits(bothAfter(5000, new int[] {0, 1, 10, 3605, 99_999}, false));
  }

  @Test
  void matchesNd4jSplitOverTwoThreadsWithATail() {
    int n = TwoThreads.MIN_PARALLEL * 2 + 12_345; // several chunks and a short last one
    assertSameBits(bothAfter(n, new int[] {0, 1, 2}, false));
  }

  @Test
  void clippedPathUpdatesInPlaceLikeTheOp() {
    assertSameBits(bothAfter(3000, new int[] {0, 1}, true));
  }

  @Test
  void takesOnlyContiguousFloat32OfOneLength() {
    INDArray f = Nd4j.zeros(DataType.FLOAT, 10);
    assertTrue(FlatAdam.fits(f, f.dup(), f.dup()));
    assertFalse(FlatAdam.fits(f, Nd4j.zeros(DataType.DOUBLE, 10)));
    assertFalse(FlatAdam.fits(f, Nd4j.zeros(DataType.FLOAT, 11)));
    INDArray strided = Nd4j.zeros(DataType.FLOAT, 10, 2).getColumn(0);
    assertFalse(FlatAdam.fits(strided, f));
  }
}
