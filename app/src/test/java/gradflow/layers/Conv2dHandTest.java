package gradflow.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradflow.spec.ActivationKind;
import gradflow.spec.ActivationSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Conv2d with all-ones kernels on the 3x3 image 1..9: every number worked out by hand. */
class Conv2dHandTest {
  private static final Activation LINEAR = Activations.of(ActivationSpec.of(ActivationKind.LINEAR));
  private static final double[][] X = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}};

  private static INDArray image() {
    return Nd4j.createFromArray(X).reshape(1, 1, 3, 3);
  }

  private static Conv2d ones(int k, int stride, Padding padding, double bias) {
    return new Conv2d(
        "conv_1",
        Nd4j.ones(DataType.DOUBLE, 1, 1, k, k),
        Nd4j.createFromArray(new double[] {bias}),
        stride,
        stride,
        padding,
        LINEAR);
  }

  private static double[][] plane(INDArray a) {
    return a.reshape(a.size(2), a.size(3)).toDoubleMatrix();
  }

  @Test
  void validForwardAndBackward() {
    Conv2d.Conv2dPass step = ones(2, 1, Padding.VALID, 0.5).forward(image());
    // window sums 1+2+4+5, 2+3+5+6, 4+5+7+8, 5+6+8+9, plus b
    assertArrayEquals(
        new double[][] {{12.5, 16.5}, {24.5, 28.5}}, plane(step.output()), "conv_1 a");
    assertArrayEquals(
        new double[][] {{12.5, 16.5}, {24.5, 28.5}}, plane(step.preActivation()), "conv_1 z");
    Gradients g =
        step.backward(Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}}).reshape(1, 1, 2, 2));
    // dL/dx: sum of the gradients of the windows covering each pixel
    assertArrayEquals(
        new double[][] {{1, 3, 2}, {4, 10, 6}, {3, 7, 4}}, plane(g.input()), "conv_1 dL/dx");
    // dL/dW[p, q] = sum_ij g[i, j] x[i + p, j + q]
    assertArrayEquals(
        new double[][] {{37, 47}, {67, 77}}, plane(g.parameters().get("W")), "conv_1 dL/dW");
    assertArrayEquals(new double[] {10}, g.parameters().get("b").toDoubleVector(), "conv_1 dL/db");
    assertArrayEquals(
        new long[] {1, 1, 2, 2}, step.gradPreActivation().shape(), "conv_1 dL/dz shape");
  }

  @Test
  void sameWithOddPaddingPutsTheExtraRowAndColumnAtTheEnd() {
    // kernel 2 stride 1 on 3x3: total padding 1 per axis, all of it after the last row/column
    Conv2d.Conv2dPass step = ones(2, 1, Padding.SAME, 0).forward(image());
    assertArrayEquals(
        new double[][] {{12, 16, 9}, {24, 28, 15}, {15, 17, 9}}, plane(step.output()), "conv_1 a");
  }

  @Test
  void sameWithEvenPaddingIsSymmetric() {
    // kernel 3 stride 1: one zero row/column on each side; each output is a 3x3 neighbourhood sum
    Conv2d.Conv2dPass step = ones(3, 1, Padding.SAME, 0).forward(image());
    assertArrayEquals(
        new double[][] {{12, 21, 16}, {27, 45, 33}, {24, 39, 28}},
        plane(step.output()),
        "conv_1 a");
    Gradients g = step.backward(Nd4j.ones(DataType.DOUBLE, 1, 1, 3, 3));
    // dL/dx: how many windows read each pixel; dL/dW[p, q]: sum of the pixels tap (p, q) reads
    assertArrayEquals(
        new double[][] {{4, 6, 4}, {6, 9, 6}, {4, 6, 4}}, plane(g.input()), "conv_1 dL/dx");
    assertArrayEquals(
        new double[][] {{12, 21, 16}, {27, 45, 33}, {24, 39, 28}},
        plane(g.parameters().get("W")),
        "conv_1 dL/dW");
  }

  @Test
  void sameStride2() {
    // kernel 3 stride 2 on 3x3: output ceil(3 / 2) = 2, total padding 2: one row/column each side
    Conv2d.Conv2dPass step = ones(3, 2, Padding.SAME, 0).forward(image());
    assertArrayEquals(new double[][] {{12, 16}, {24, 28}}, plane(step.output()), "conv_1 a");
  }

  @Test
  void twoChannelsTwoFilters() {
    // channel 1 is 10 x channel 0; filter 0 adds both channels, filter 1 takes channel 1 minus 0
    INDArray x = Nd4j.concat(1, image(), image().mul(10));
    INDArray w = Nd4j.ones(DataType.DOUBLE, 2, 2, 2, 2);
    w.get(
            org.nd4j.linalg.indexing.NDArrayIndex.point(1),
            org.nd4j.linalg.indexing.NDArrayIndex.point(0))
        .assign(-1);
    Conv2d conv = new Conv2d("conv_1", w, null, 1, 1, Padding.VALID, LINEAR);
    INDArray a = conv.forward(x).output();
    assertArrayEquals(new long[] {1, 2, 2, 2}, a.shape(), "conv_1 output shape");
    assertArrayEquals(
        new double[] {132, 176, 264, 308},
        a.get(
                org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                org.nd4j.linalg.indexing.NDArrayIndex.point(0))
            .reshape(4)
            .toDoubleVector(),
        "filter 0");
    assertArrayEquals(
        new double[] {108, 144, 216, 252},
        a.get(
                org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                org.nd4j.linalg.indexing.NDArrayIndex.point(1))
            .reshape(4)
            .toDoubleVector(),
        "filter 1");
  }

  @Test
  void backwardIntoAStridedTargetMatchesAContiguousOne() {
    // backwardInto runs one gemm straight into a contiguous dW and copies into any other target
    GradientCases.Case c = GradientCases.conv2d().skip(5).findFirst().orElseThrow();
    Conv2d conv = (Conv2d) c.layer();
    INDArray r = Nd4j.rand(DataType.DOUBLE, conv.forward(c.input()).output().shape());
    Gradients expected = conv.forward(c.input()).backward(r);
    Map<String, INDArray> into = new LinkedHashMap<>();
    conv.parameters()
        .forEach((k, v) -> into.put(k, Nd4j.zeros(DataType.DOUBLE, v.shape()).dup('f')));
    INDArray gradX = conv.forward(c.input()).backwardInto(r, into);
    assertEquals(expected.input(), gradX, "conv dL/dx");
    for (String k : into.keySet())
      assertEquals(expected.parameters().get(k), into.get(k), "conv dL/d" + k);
  }

  @Test
  void shapesAreChecked() {
    Conv2d conv =
        new Conv2d(
            "conv_1", Nd4j.ones(DataType.DOUBLE, 4, 3, 3, 3), null, 2, 2, Padding.SAME, LINEAR);
    assertArrayEquals(
        new long[] {4, 14, 14}, conv.outputShape(new long[] {3, 28, 28}), "SAME 28/2");
    assertArrayEquals(new long[] {4, 7, 7}, conv.outputShape(new long[] {3, 13, 13}), "SAME 13/2");
    Conv2d valid =
        new Conv2d(
            "conv_2", Nd4j.ones(DataType.DOUBLE, 4, 3, 3, 3), null, 2, 2, Padding.VALID, LINEAR);
    assertArrayEquals(
        new long[] {4, 6, 6}, valid.outputShape(new long[] {3, 13, 13}), "VALID 13/2");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> conv.outputShape(new long[] {2, 8, 8}));
    assertEquals("conv_1: input has 2 channels, W expects 3", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> valid.outputShape(new long[] {3, 2, 8}));
    assertTrue(e.getMessage().startsWith("conv_2: input 2x8 is smaller"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> conv.outputShape(new long[] {784}));
    assertThrows(
        IllegalArgumentException.class, () -> conv.forward(Nd4j.zeros(DataType.FLOAT, 1, 3, 5, 5)));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new Conv2d(
                "conv_3", Nd4j.ones(DataType.DOUBLE, 4, 3, 3), null, 1, 1, Padding.SAME, LINEAR));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new Conv2d(
                "conv_4",
                Nd4j.ones(DataType.DOUBLE, 4, 3, 3, 3),
                Nd4j.ones(DataType.DOUBLE, 3),
                1,
                1,
                Padding.SAME,
                LINEAR));
  }
}
