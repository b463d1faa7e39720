package gradflow.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Dropout by hand: identity cases, seeded masks, the dropped fraction and the scaling. */
class DropoutTest {
  private static INDArray input() {
    return GradientCheck.uniform(new SplittableRandom(1), -2, 2, 4, 6);
  }

  private static INDArray mask(Dropout layer, INDArray x, long pass) {
    return layer.forward(x, ForwardContext.training(pass)).mask().orElseThrow();
  }

  @Test
  void rateZeroIsTheIdentityInTraining() {
    INDArray x = input();
    Dropout.DropoutPass step =
        new Dropout("dropout_1", 0, 7).forward(x, ForwardContext.training(0));
    assertEquals(x, step.output(), "dropout_1 output");
    INDArray gradOut = GradientCheck.uniform(new SplittableRandom(2), -1, 1, 4, 6);
    assertEquals(gradOut, step.backward(gradOut).input(), "dropout_1 input gradient");
  }

  @Test
  void inferenceIsTheIdentityAndDrawsNoMask() {
    Dropout layer = new Dropout("dropout_1", 0.5, 7);
    INDArray x = input();
    Dropout.DropoutPass step = layer.forward(x, ForwardContext.INFERENCE);
    assertEquals(x, step.output(), "dropout_1 inference output");
    assertTrue(step.mask().isEmpty(), "no mask at inference");
    INDArray gradOut = GradientCheck.uniform(new SplittableRandom(2), -1, 1, 4, 6);
    assertEquals(gradOut, step.backward(gradOut).input(), "dropout_1 inference gradient");
  }

  @Test
  void theSameSeedGivesTheSameMasks() {
    Dropout a = new Dropout("dropout_1", 0.5, 42);
    Dropout b = new Dropout("dropout_1", 0.5, 42);
    INDArray x = input();
    INDArray a0 = mask(a, x, 0);
    INDArray a1 = mask(a, x, 1);
    b.forward(x, ForwardContext.INFERENCE); // inference passes in between change nothing
    assertEquals(a1, mask(b, x, 1), "second mask, drawn first");
    assertEquals(a0, mask(b, x, 0), "first mask, drawn second");
    assertEquals(a0, mask(a, x, 0), "pass 0 again: the same mask");
    assertEquals(a0, a.forward(x, ForwardContext.replay(0)).mask().orElseThrow(), "a replay");
    assertNotEquals(a0, a1, "consecutive passes draw different masks");
    assertNotEquals(a0, mask(new Dropout("dropout_1", 0.5, 43), x, 0), "another seed");
    assertEquals(a1, a.sampleMask(x.shape(), DataType.DOUBLE, 1), "mask of pass 1");
  }

  @Test
  void dropsAboutRateOfTheUnitsAndScalesTheRest() {
    double rate = 0.3;
    INDArray ones = Nd4j.ones(DataType.DOUBLE, 200, 50);
    INDArray y =
        new Dropout("dropout_1", rate, 5).forward(ones, ForwardContext.training(0)).output();
    long dropped = 0;
    for (long i = 0; i < y.length(); i++) {
      double v = y.getDouble(i);
      if (v == 0) dropped++;
      else assertEquals(1 / (1 - rate), v, 1e-12, "kept entry " + i);
    }
    // 10,000 entries: the standard deviation of the fraction is 0.0046
    assertEquals(rate, dropped / (double) y.length(), 0.02, "dropped fraction");
  }

  @Test
  void backwardMasksAndScalesTheGradient() {
    INDArray keep = Nd4j.createFromArray(new double[][] {{1, 0, 1}, {0, 0, 1}});
    Dropout layer = Dropout.withFixedMask("dropout_1", 0.75, keep);
    INDArray x = Nd4j.createFromArray(new double[][] {{1, 2, 3}, {4, 5, 6}});
    Dropout.DropoutPass step = layer.forward(x, ForwardContext.training(0));
    assertArrayEquals(new double[][] {{4, 0, 12}, {0, 0, 24}}, step.output().toDoubleMatrix());
    INDArray gradOut = Nd4j.createFromArray(new double[][] {{1, 1, 1}, {2, 2, 2}});
    assertArrayEquals(
        new double[][] {{4, 0, 4}, {0, 0, 8}}, step.backward(gradOut).input().toDoubleMatrix());
    assertTrue(layer.parameters().isEmpty(), "no parameters");
  }

  @Test
  void invalidRatesAndMasksAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new Dropout("dropout_1", 1, 0));
    assertThrows(IllegalArgumentException.class, () -> new Dropout("dropout_1", -0.1, 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> Dropout.withFixedMask("dropout_1", 0.5, Nd4j.createFromArray(0.5, 1.0)));
    Dropout fixed =
        Dropout.withFixedMask("dropout_1", 0.5, Nd4j.createFromArray(new double[][] {{1, 0}}));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> fixed.forward(input(), ForwardContext.training(0)));
    assertEquals("dropout_1: fixed mask [1, 2] does not match input [4, 6]", e.getMessage());
  }
}
