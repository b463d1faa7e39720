package gradflow.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * MaxPool2d routing written out by hand (DESIGN.md item 4): each window's gradient goes to exactly
 * one input, the first maximum in row-major window order; an input that wins several overlapping
 * windows gets the sum of their gradients.
 */
class MaxPool2dHandTest {
  private static INDArray image(double[][] rows, DataType type) {
    return Nd4j.createFromArray(rows).reshape(1, 1, rows.length, rows[0].length).castTo(type);
  }

  private static double[][] plane(INDArray a) {
    return a.reshape(a.size(2), a.size(3)).toDoubleMatrix();
  }

  @Test
  void tieInsideAWindowGoesToTheFirstMaximumOnly() {
    // kernel 2 stride 2: window 0 = {1, 5, 5, 2} ties between (0,1) and (1,0); window 1 has one 5
    double[][] x = {{1, 5, 5, 0}, {5, 2, 3, 4}};
    MaxPool2d.MaxPool2dPass step =
        new MaxPool2d("pool_1", 2, 2, 2, 2).forward(image(x, DataType.DOUBLE));
    assertArrayEquals(new double[][] {{5, 5}}, plane(step.output()), "pool_1 output");
    Gradients g =
        step.backward(Nd4j.createFromArray(new double[][] {{10, 20}}).reshape(1, 1, 1, 2));
    assertArrayEquals(
        new double[][] {{0, 10, 20, 0}, {0, 0, 0, 0}}, plane(g.input()), "pool_1 input gradient");
    assertEquals(1, step.ties(), "pool_1 ties");
    assertEquals(2.0 / 8, step.routedShare(), 0.0, "pool_1 routedShare");
    assertTrue(g.parameters().isEmpty(), "pool_1 has no parameters");
  }

  @Test
  void allEqualWindowSendsEverythingToItsTopLeft() {
    for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
      MaxPool2d.MaxPool2dPass step =
          new MaxPool2d("pool_1", 2, 2, 2, 2).forward(image(new double[][] {{7, 7}, {7, 7}}, type));
      Gradients g = step.backward(Nd4j.createFromArray(3.0).reshape(1, 1, 1, 1).castTo(type));
      assertArrayEquals(new double[][] {{3, 0}, {0, 0}}, plane(g.input()), "pool_1 " + type);
      assertEquals(type, g.input().dataType(), "pool_1 gradient type");
      assertEquals(1, step.ties(), "pool_1 ties " + type);
      assertEquals(0.25, step.routedShare(), 0.0, "pool_1 routedShare " + type);
    }
  }

  @Test
  void inputWinningOverlappingWindowsGetsTheSum() {
    // kernel 2 stride 1: 8 wins windows (0,0) and (0,1); the 6 at (2,0) wins (1,0), the 6 at (1,2)
    // wins (1,1)
    double[][] x = {{1, 8, 2}, {3, 4, 6}, {6, 0, 5}};
    MaxPool2d.MaxPool2dPass step =
        new MaxPool2d("pool_1", 2, 2, 1, 1).forward(image(x, DataType.DOUBLE));
    assertArrayEquals(new double[][] {{8, 8}, {6, 6}}, plane(step.output()), "pool_1 output");
    Gradients g =
        step.backward(Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}}).reshape(1, 1, 2, 2));
    assertArrayEquals(
        new double[][] {{0, 3, 0}, {0, 0, 4}, {3, 0, 0}},
        plane(g.input()),
        "pool_1 input gradient");
    assertEquals(0, step.ties(), "pool_1 ties");
    assertEquals(3.0 / 9, step.routedShare(), 0.0, "pool_1 routedShare");
    assertArrayEquals(new int[] {1, 1, 6, 5}, step.winners(), "pool_1 winners");
  }

  @Test
  void tiesAndOverlapTogether() {
    // kernel 2 stride 1: (0,0) three-way tie of 5s -> (0,0); (0,1) tie of 5s -> (0,1); (1,0) and
    // (1,1) clear winners 5 at (1,0) and 5 at (1,2)
    double[][] x = {{5, 5, 1}, {5, 2, 5}, {0, 1, 3}};
    MaxPool2d.MaxPool2dPass step =
        new MaxPool2d("pool_1", 2, 2, 1, 1).forward(image(x, DataType.DOUBLE));
    Gradients g =
        step.backward(Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}}).reshape(1, 1, 2, 2));
    assertArrayEquals(
        new double[][] {{1, 2, 0}, {3, 0, 4}, {0, 0, 0}},
        plane(g.input()),
        "pool_1 input gradient");
    assertEquals(2, step.ties(), "pool_1 ties");
    assertEquals(4.0 / 9, step.routedShare(), 0.0, "pool_1 routedShare");
  }

  @Test
  void kernel3Stride2CentreWinsFourWindows() {
    // 5x5, kernel 3 stride 2: the four windows share the centre (2,2), which holds the maximum
    double[][] x = new double[5][5];
    for (int i = 0; i < 5; i++) for (int j = 0; j < 5; j++) x[i][j] = i * 5 + j;
    x[2][2] = 100;
    MaxPool2d.MaxPool2dPass step =
        new MaxPool2d("pool_1", 3, 3, 2, 2).forward(image(x, DataType.DOUBLE));
    assertArrayEquals(
        new double[][] {{100, 100}, {100, 100}}, plane(step.output()), "pool_1 output");
    Gradients g =
        step.backward(Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}}).reshape(1, 1, 2, 2));
    double[][] expected = new double[5][5];
    expected[2][2] = 10;
    assertArrayEquals(expected, plane(g.input()), "pool_1 input gradient");
    assertEquals(1.0 / 25, step.routedShare(), 0.0, "pool_1 routedShare");
  }

  @Test
  void channelsAndExamplesArePooledSeparately() {
    // [2, 2, 2, 2]: each 2x2 plane is one window; its maximum sits in a different corner
    double[] values = {4, 1, 2, 3, 0, 9, 1, 2, 1, 2, 8, 3, 1, 2, 3, 6};
    INDArray x = Nd4j.createFromArray(values).reshape(2, 2, 2, 2);
    MaxPool2d.MaxPool2dPass step = new MaxPool2d("pool_1", 2, 2, 2, 2).forward(x);
    assertArrayEquals(
        new double[] {4, 9, 8, 6}, step.output().reshape(4).toDoubleVector(), "pool_1 output");
    assertArrayEquals(new int[] {0, 5, 10, 15}, step.winners(), "pool_1 winners");
    Gradients g = step.backward(Nd4j.createFromArray(1.0, 2.0, 3.0, 4.0).reshape(2, 2, 1, 1));
    double[] expected = new double[16];
    expected[0] = 1;
    expected[5] = 2;
    expected[10] = 3;
    expected[15] = 4;
    assertArrayEquals(expected, g.input().reshape(16).toDoubleVector(), "pool_1 input gradient");
  }

  @Test
  void nanWinsItsWindow() {
    double[][] x = {{1, Double.NaN}, {9, 2}};
    MaxPool2d.MaxPool2dPass step =
        new MaxPool2d("pool_1", 2, 2, 2, 2).forward(image(x, DataType.DOUBLE));
    assertTrue(Double.isNaN(step.output().getDouble(0)), "pool_1 propagates NaN");
    assertArrayEquals(new int[] {1}, step.winners(), "pool_1 winner is the NaN");
  }

  @Test
  void shapesAreChecked() {
    MaxPool2d pool = new MaxPool2d("pool_1", 3, 3, 2, 2);
    assertArrayEquals(new long[] {16, 6, 6}, pool.outputShape(new long[] {16, 13, 13}), "13 -> 6");
    assertArrayEquals(new long[] {1, 1, 1}, pool.outputShape(new long[] {1, 3, 4}), "3x4 -> 1x1");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> pool.outputShape(new long[] {1, 2, 5}));
    assertTrue(e.getMessage().startsWith("pool_1: input 2x5 is smaller"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> pool.outputShape(new long[] {5, 5}));
    assertThrows(
        IllegalArgumentException.class, () -> pool.forward(Nd4j.zeros(DataType.DOUBLE, 4, 25)));
    assertThrows(IllegalArgumentException.class, () -> new MaxPool2d("pool_2", 2, 2, 0, 1));
    MaxPool2d.MaxPool2dPass step = pool.forward(Nd4j.zeros(DataType.DOUBLE, 1, 1, 5, 5));
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> step.backward(Nd4j.zeros(DataType.DOUBLE, 1, 1, 3, 3)));
    assertTrue(e.getMessage().contains("does not match output [1, 1, 2, 2]"), e.getMessage());
  }
}
