package gradflow.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Maxout with W = identity and b = 0, so z = x and the winners can be read off the input. Column u
 * * k + j is piece j of unit u. Ties are exact and go to the lowest piece index.
 */
class MaxoutHandTest {
  private static Maxout identity(int units, int k) {
    int cols = units * k;
    return new Maxout(
        "maxout_1",
        Nd4j.eye(cols).castTo(DataType.DOUBLE),
        Nd4j.zeros(DataType.DOUBLE, cols),
        units,
        k);
  }

  // units 2, k 2; row 1 ties exactly in both units
  private static final double[][] X2 = {{1, 3, -2, -5}, {2, 2, 0.5, 0.5}, {4, -1, -1, 7}};

  @Test
  void winMaskAndCountsWithTiesK2() {
    Maxout.MaxoutPass step = identity(2, 2).forward(Nd4j.createFromArray(X2));
    assertArrayEquals(
        new double[][] {{3, -2}, {2, 0.5}, {4, 7}}, step.output().toDoubleMatrix(), "maxout_1 h");
    INDArray mask = step.winMask();
    assertArrayEquals(new long[] {3, 2, 2}, mask.shape(), "maxout_1 win mask shape");
    double[][][] expected = {
      {{0, 1}, {1, 0}},
      {{1, 0}, {1, 0}}, // ties: piece 0 wins
      {{1, 0}, {0, 1}}
    };
    for (int n = 0; n < 3; n++)
      for (int u = 0; u < 2; u++)
        for (int j = 0; j < 2; j++)
          assertEquals(
              expected[n][u][j],
              mask.getDouble(n, u, j),
              "maxout_1 winMask[" + n + "," + u + "," + j + "]");
    assertArrayEquals(
        new double[][] {{2, 1}, {2, 1}}, step.winCounts().toDoubleMatrix(), "maxout_1 winCounts");
  }

  @Test
  void backwardSendsGradientOnlyToWinnersK2() {
    Maxout.MaxoutPass step = identity(2, 2).forward(Nd4j.createFromArray(X2));
    INDArray gradOut = Nd4j.createFromArray(new double[][] {{10, 20}, {30, 40}, {50, 60}});
    Gradients g = step.backward(gradOut);
    // dL/dz: dL/dh at the winning piece, 0 elsewhere; W = I so dL/dx = dL/dz
    double[][] gradZ = {{0, 10, 20, 0}, {30, 0, 40, 0}, {50, 0, 0, 60}};
    assertArrayEquals(gradZ, g.input().toDoubleMatrix(), "maxout_1 input gradient");
    assertArrayEquals(
        new double[] {80, 10, 60, 60},
        g.parameters().get("b").toDoubleVector(),
        "maxout_1.b gradient");
    // x^T dL/dz
    assertArrayEquals(
        new double[][] {
          {260, 10, 100, 240}, {10, 30, 140, -60}, {-35, -20, -20, -60}, {365, -50, -80, 420}
        },
        g.parameters().get("W").toDoubleMatrix(),
        "maxout_1.W gradient");
    assertArrayEquals(
        new double[][] {{10, 20}, {30, 40}, {50, 60}},
        step.gradPreActivation().toDoubleMatrix(),
        "maxout_1 dL/dh");
  }

  // units 1, k 3: three-way tie, two-way tie for the top, a tie below the top, a clear winner
  private static final double[][] X3 = {{5, 5, 5}, {1, 4, 4}, {-3, -3, -7}, {0, -1, 2}};

  @Test
  void tiesGoToTheLowestPieceK3() {
    Maxout.MaxoutPass step = identity(1, 3).forward(Nd4j.createFromArray(X3));
    assertArrayEquals(
        new double[][] {{5}, {4}, {-3}, {2}}, step.output().toDoubleMatrix(), "maxout_1 h");
    double[][] winners = {{1, 0, 0}, {0, 1, 0}, {1, 0, 0}, {0, 0, 1}};
    for (int n = 0; n < 4; n++)
      for (int j = 0; j < 3; j++)
        assertEquals(
            winners[n][j],
            step.winMask().getDouble(n, 0, j),
            "maxout_1 winMask[" + n + ",0," + j + "]");
    assertArrayEquals(
        new double[][] {{2, 1, 1}}, step.winCounts().toDoubleMatrix(), "maxout_1 winCounts");

    Gradients g = step.backward(Nd4j.createFromArray(new double[][] {{1}, {2}, {3}, {4}}));
    // exactly one piece per example receives dL/dh, even on a three-way tie
    assertArrayEquals(
        new double[][] {{1, 0, 0}, {0, 2, 0}, {3, 0, 0}, {0, 0, 4}},
        g.input().toDoubleMatrix(),
        "maxout_1 input gradient");
    assertArrayEquals(
        new double[] {4, 2, 4}, g.parameters().get("b").toDoubleVector(), "maxout_1.b gradient");
  }

  private static void assertEquals(double expected, double actual, String message) {
    org.junit.jupiter.api.Assertions.assertEquals(expected, actual, 0.0, message);
  }
}
