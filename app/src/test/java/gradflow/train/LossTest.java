package gradflow.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradflow.spec.LossKind;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Loss values and gradients worked out by hand, and cross-entropy on huge float32 logits. */
class LossTest {
  private static final Loss CROSS_ENTROPY = Loss.of(LossKind.CROSS_ENTROPY);
  private static final Loss MSE = Loss.of(LossKind.MSE);

  @Test
  void crossEntropyHandValue() {
    INDArray logits = Nd4j.createFromArray(new double[][] {{1, 2, 3}, {0, 0, 0}});
    INDArray oneHot = Nd4j.createFromArray(new double[][] {{0, 0, 1}, {1, 0, 0}});
    Loss.Result r = CROSS_ENTROPY.compute(logits, oneHot);
    double lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
    // (-(3 - lse) + log 3) / 2
    double expected = ((lse - 3) + Math.log(3)) / 2;
    assertEquals(0.40760596444438, lse - 3, 1e-12, "cross_entropy row 0 by hand");
    assertEquals(expected, r.value(), 1e-12, "cross_entropy value");
    double[] p = {Math.exp(1 - lse), Math.exp(2 - lse), Math.exp(3 - lse)};
    double third = 1.0 / 3;
    double[][] grad = {
      {p[0] / 2, p[1] / 2, (p[2] - 1) / 2}, {(third - 1) / 2, third / 2, third / 2}
    };
    double[][] actual = r.gradOutput().toDoubleMatrix();
    for (int i = 0; i < 2; i++)
      assertArrayEquals(grad[i], actual[i], 1e-12, "cross_entropy gradient row " + i);
  }

  @Test
  void crossEntropyOnHugeFloatLogitsStaysFinite() {
    INDArray logits =
        Nd4j.createFromArray(new float[][] {{1e25f, 0f, -1e25f}, {1e25f, 0f, -1e25f}});
    INDArray oneHot = Nd4j.createFromArray(new float[][] {{1, 0, 0}, {0, 1, 0}});
    Loss.Result r = CROSS_ENTROPY.compute(logits, oneHot);
    assertEquals(DataType.FLOAT, r.gradOutput().dataType(), "gradient keeps float32");
    assertTrue(Double.isFinite(r.value()), "cross_entropy on 1e25 logits: " + r.value());
    // row 0 is right with certainty (loss 0); row 1 is 1e25 below the max; mean 5e24
    assertEquals(5e24, r.value(), 5e24 * 1e-6, "cross_entropy on 1e25 logits");
    double[][] grad = r.gradOutput().toDoubleMatrix();
    assertArrayEquals(new double[] {0, 0, 0}, grad[0], 1e-7, "gradient row 0");
    assertArrayEquals(new double[] {0.5, -0.5, 0}, grad[1], 1e-7, "gradient row 1");
  }

  @Test
  void crossEntropyOnHugeEqualLogitsIsLogC() {
    INDArray logits = Nd4j.createFromArray(new float[][] {{1e25f, 1e25f, 1e25f, 1e25f}});
    INDArray oneHot = Nd4j.createFromArray(new float[][] {{0, 0, 1, 0}});
    Loss.Result r = CROSS_ENTROPY.compute(logits, oneHot);
    assertEquals(Math.log(4), r.value(), 1e-6, "cross_entropy of four equal huge logits");
  }

  @Test
  void crossEntropyOnLogitGapsBeyondFloatExpRangeIsExact() {
    // softmax of a gap of 100 underflows float32's exp, so log(softmax) would be -inf or off
    INDArray logits = Nd4j.createFromArray(new float[][] {{100f, 0f, -100f}});
    INDArray right = Nd4j.createFromArray(new float[][] {{1, 0, 0}});
    INDArray wrong = Nd4j.createFromArray(new float[][] {{0, 1, 0}});
    INDArray worst = Nd4j.createFromArray(new float[][] {{0, 0, 1}});
    assertEquals(0.0, CROSS_ENTROPY.compute(logits, right).value(), 1e-6, "right class");
    assertEquals(100.0, CROSS_ENTROPY.compute(logits, wrong).value(), 1e-4, "gap 100");
    assertEquals(200.0, CROSS_ENTROPY.compute(logits, worst).value(), 1e-4, "gap 200");
  }

  @Test
  void mseHandValue() {
    INDArray output = Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}});
    INDArray target = Nd4j.createFromArray(new double[][] {{0, 1}, {1, 0}});
    Loss.Result r = MSE.compute(output, target);
    // differences 1, 1, 2, 4: (1 + 1 + 4 + 16) / 4
    assertEquals(5.5, r.value(), 1e-12, "mse value");
    // 2 (z - t) / (n c)
    assertArrayEquals(
        new double[][] {{0.5, 0.5}, {1, 2}}, r.gradOutput().toDoubleMatrix(), "mse gradient");
    assertEquals(
        Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}}), output, "mse leaves output alone");
  }
}
