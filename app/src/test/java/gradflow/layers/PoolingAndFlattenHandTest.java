package gradflow.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** AvgPool2d and Flatten on the 3x3 image 1..9, worked out by hand. */
class PoolingAndFlattenHandTest {
  private static final double[][] X = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}};

  private static double[][] plane(INDArray a) {
    return a.reshape(a.size(2), a.size(3)).toDoubleMatrix();
  }

  @Test
  void avgPoolOverlappingWindows() {
    for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
      AvgPool2d pool = new AvgPool2d("avg_1", 2, 2, 1, 1);
      AvgPool2d.AvgPool2dPass step =
          pool.forward(Nd4j.createFromArray(X).reshape(1, 1, 3, 3).castTo(type));
      assertArrayEquals(
          new double[][] {{3, 4}, {6, 7}}, plane(step.output()), "avg_1 output " + type);
      Gradients g =
          step.backward(
              Nd4j.createFromArray(new double[][] {{4, 8}, {12, 16}})
                  .reshape(1, 1, 2, 2)
                  .castTo(type));
      // each window hands a quarter of its gradient to each of its four pixels
      assertArrayEquals(
          new double[][] {{1, 3, 2}, {4, 10, 6}, {3, 7, 4}},
          plane(g.input()),
          "avg_1 dL/dx " + type);
      assertEquals(type, g.input().dataType(), "avg_1 gradient type");
    }
  }

  @Test
  void avgPoolStrideAboveKernelSkipsPixels() {
    AvgPool2d pool = new AvgPool2d("avg_1", 1, 1, 2, 2);
    AvgPool2d.AvgPool2dPass step = pool.forward(Nd4j.createFromArray(X).reshape(1, 1, 3, 3));
    assertArrayEquals(new double[][] {{1, 3}, {7, 9}}, plane(step.output()), "avg_1 output");
    Gradients g = step.backward(Nd4j.ones(DataType.DOUBLE, 1, 1, 2, 2));
    assertArrayEquals(
        new double[][] {{1, 0, 1}, {0, 0, 0}, {1, 0, 1}}, plane(g.input()), "avg_1 dL/dx");
  }

  @Test
  void flattenIsRowMajorAndReshapesTheGradientBack() {
    INDArray x = Nd4j.linspace(DataType.DOUBLE, 0, 24, 1).reshape(2, 3, 2, 2);
    Flatten flatten = new Flatten("flatten_1");
    assertArrayEquals(new long[] {12}, flatten.outputShape(new long[] {3, 2, 2}), "flatten shape");
    Flatten.FlattenPass step = flatten.forward(x);
    assertArrayEquals(new long[] {2, 12}, step.output().shape(), "flatten output shape");
    // (n, c, i, j) lands at column (c * 2 + i) * 2 + j
    assertEquals(
        x.getDouble(1, 2, 1, 0), step.output().getDouble(1, (2 * 2 + 1) * 2), 0.0, "x[1,2,1,0]");
    INDArray gradOut = Nd4j.linspace(DataType.DOUBLE, 100, 24, 1).reshape(2, 12);
    Gradients g = step.backward(gradOut);
    assertArrayEquals(x.shape(), g.input().shape(), "flatten gradient shape");
    assertEquals(gradOut.getDouble(1, 10), g.input().getDouble(1, 2, 1, 0), 0.0, "gradient back");
    g.input().addi(1); // the gradient is fresh: writing to it leaves dL/dy alone
    assertEquals(100.0, gradOut.getDouble(0, 0), 0.0, "dL/dy untouched");
  }

  @Test
  void denseStillFlattensImagesItself() {
    INDArray x = Nd4j.linspace(DataType.DOUBLE, 0, 8, 1).reshape(2, 1, 2, 2);
    Dense dense =
        new Dense(
            "dense_1",
            Nd4j.ones(DataType.DOUBLE, 4, 1),
            null,
            Activations.of(gradflow.spec.ActivationSpec.of(gradflow.spec.ActivationKind.LINEAR)));
    assertArrayEquals(
        dense.forward(new Flatten("flatten_1").forward(x).output()).output().toDoubleMatrix(),
        dense.forward(x).output().toDoubleMatrix(),
        "Dense on [n, c, h, w] equals Dense after Flatten");
  }
}
