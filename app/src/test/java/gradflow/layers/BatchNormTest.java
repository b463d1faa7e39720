package gradflow.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

import gradflow.spec.BatchNormSpec;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** BatchNorm by hand: normalised outputs, running averages, inference, errors. */
class BatchNormTest {
  private static final double EPS = 1e-5;
  private static final double TOLERANCE = 1e-9;

  /**
   * Column 0: mean 2.5, biased var 1.25, unbiased 5/3. Column 1: mean 1, biased 1, unbiased 4/3.
   */
  private static final double[][] X = {{1, 0}, {2, 0}, {3, 2}, {4, 2}};

  private static BatchNorm unit(long features) {
    return new BatchNorm(
        "batchnorm_1",
        Nd4j.ones(DataType.DOUBLE, features),
        Nd4j.zeros(DataType.DOUBLE, features),
        0.9,
        EPS);
  }

  @Test
  void trainingOutputHasMeanZeroAndVarianceOnePerFeature() {
    INDArray y = unit(2).forward(Nd4j.createFromArray(X), ForwardContext.training(0)).output();
    double s0 = Math.sqrt(1.25 + EPS);
    double s1 = Math.sqrt(1 + EPS);
    assertClose(
        new double[][] {
          {-1.5 / s0, -1 / s1}, {-0.5 / s0, -1 / s1}, {0.5 / s0, 1 / s1}, {1.5 / s0, 1 / s1}
        },
        y,
        "batchnorm_1 output");
    assertArrayEquals(new double[] {0, 0}, y.mean(0).toDoubleVector(), TOLERANCE, "mean");
    INDArray variance = y.mul(y).mean(0); // biased, around mean 0
    assertArrayEquals(new double[] {1, 1}, variance.toDoubleVector(), 1e-4, "variance");
  }

  @Test
  void rank4InputIsNormalisedPerChannelOverBatchAndPositions() {
    INDArray x = GradientCheck.uniform(new SplittableRandom(3), -3, 5, 3, 2, 2, 4);
    INDArray y = unit(2).forward(x, ForwardContext.training(0)).output();
    assertArrayEquals(x.shape(), y.shape(), "output shape");
    for (long c = 0; c < 2; c++) {
      INDArray channel = y.get(all(), point(c), all(), all()).dup();
      assertEquals(0, channel.meanNumber().doubleValue(), TOLERANCE, "channel " + c + " mean");
      double variance = channel.mul(channel).meanNumber().doubleValue();
      assertEquals(1, variance, 1e-4, "channel " + c + " variance");
    }
  }

  @Test
  void gammaAndBetaScaleAndShift() {
    BatchNorm layer =
        new BatchNorm(
            "batchnorm_1",
            Nd4j.createFromArray(2.0, 3.0),
            Nd4j.createFromArray(-1.0, 0.5),
            0.9,
            EPS);
    INDArray y = layer.forward(Nd4j.createFromArray(X), ForwardContext.training(0)).output();
    assertArrayEquals(new double[] {-1, 0.5}, y.mean(0).toDoubleVector(), TOLERANCE, "mean");
    assertEquals(-1 + 2 * -1.5 / Math.sqrt(1.25 + EPS), y.getDouble(0, 0), TOLERANCE, "y[0, 0]");
  }

  @Test
  void runningAveragesAfterOneTrainingStepFollowTheFormula() {
    BatchNorm layer = unit(2);
    layer.forward(Nd4j.createFromArray(X), ForwardContext.training(0));
    // running = 0.9 * running + 0.1 * batch, from mean 0 and variance 1; unbiased batch variance
    assertArrayEquals(
        new double[] {0.1 * 2.5, 0.1 * 1}, layer.runningMean().toDoubleVector(), TOLERANCE);
    assertArrayEquals(
        new double[] {0.9 + 0.1 * 5 / 3.0, 0.9 + 0.1 * 4 / 3.0},
        layer.runningVar().toDoubleVector(),
        TOLERANCE);
  }

  @Test
  void runningAveragesUpdatedInsideAWorkspaceSurviveIt() {
    BatchNorm layer = unit(2);
    WorkspaceConfiguration config = WorkspaceConfiguration.builder().initialSize(1 << 20).build();
    for (int i = 0; i < 3; i++) {
      try (MemoryWorkspace ws =
          Nd4j.getWorkspaceManager().getAndActivateWorkspace(config, "batchnorm-test")) {
        layer.forward(Nd4j.createFromArray(X), ForwardContext.training(0)).output();
      }
    }
    assertFalse(layer.runningMean().isAttached(), "running mean outside the workspace");
    double decay = Math.pow(0.9, 3);
    assertEquals((1 - decay) * 2.5, layer.runningMean().getDouble(0), TOLERANCE, "mean[0]");
    assertEquals(decay + (1 - decay) * 5 / 3.0, layer.runningVar().getDouble(0), TOLERANCE);
  }

  @Test
  void momentumOneIsRejectedAsTheSpecRejectsIt() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new BatchNorm(
                    "batchnorm_1",
                    Nd4j.ones(DataType.DOUBLE, 2),
                    Nd4j.zeros(DataType.DOUBLE, 2),
                    1.0,
                    EPS));
    assertEquals("batchnorm_1: momentum must be in [0, 1), found 1.0", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new BatchNormSpec(1.0, EPS));
  }

  @Test
  void attachedRunningStatisticsAreRejected() {
    WorkspaceConfiguration config = WorkspaceConfiguration.builder().initialSize(1 << 20).build();
    try (MemoryWorkspace ws =
        Nd4j.getWorkspaceManager().getAndActivateWorkspace(config, "batchnorm-attached")) {
      INDArray attached = Nd4j.zeros(DataType.DOUBLE, 2);
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> new BatchNorm("batchnorm_1", attached, attached, attached, attached, 0.9, EPS));
      assertTrue(e.getMessage().contains("outside any ND4J workspace"), e.getMessage());
    }
  }

  @Test
  void inferenceUsesTheRunningAveragesAndLeavesThemAlone() {
    INDArray runningMean = Nd4j.createFromArray(1.0, -2.0);
    INDArray runningVar = Nd4j.createFromArray(4.0, 0.25);
    BatchNorm layer =
        new BatchNorm(
            "batchnorm_1",
            Nd4j.createFromArray(2.0, 1.0),
            Nd4j.createFromArray(0.0, 1.0),
            runningMean,
            runningVar,
            0.9,
            EPS);
    // batch size 1 is fine at inference
    INDArray y =
        layer
            .forward(Nd4j.createFromArray(new double[][] {{3, -1}}), ForwardContext.INFERENCE)
            .output();
    assertClose(
        new double[][] {{2 * 2 / Math.sqrt(4 + EPS), 1 + 1 / Math.sqrt(0.25 + EPS)}},
        y,
        "batchnorm_1 inference output");
    assertArrayEquals(new double[] {1, -2}, runningMean.toDoubleVector(), "running mean kept");
    assertArrayEquals(new double[] {4, 0.25}, runningVar.toDoubleVector(), "running var kept");
  }

  @Test
  void aReplayedPassLeavesTheRunningStatisticsAlone() {
    BatchNorm layer = unit(2);
    INDArray replayed = layer.forward(Nd4j.createFromArray(X), ForwardContext.replay(0)).output();
    assertEquals(
        unit(2).forward(Nd4j.createFromArray(X), ForwardContext.training(0)).output(),
        replayed,
        "batch statistics, as in training");
    assertArrayEquals(new double[] {0, 0}, layer.runningMean().toDoubleVector());
    assertArrayEquals(new double[] {1, 1}, layer.runningVar().toDoubleVector());
  }

  @Test
  void parametersAreGammaAndBetaOnly() {
    assertEquals(List.of("gamma", "beta"), List.copyOf(unit(3).parameters().keySet()));
  }

  @Test
  void trainingOnOneValuePerFeatureIsRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                unit(2)
                    .forward(
                        Nd4j.createFromArray(new double[][] {{1, 2}}), ForwardContext.training(0)));
    assertTrue(e.getMessage().startsWith("batchnorm_1: training needs at least 2"), e.getMessage());
    assertTrue(e.getMessage().contains("[1, 2]"), e.getMessage());
  }

  @Test
  void shapeErrorsNameTheLayerAndBothSizes() {
    BatchNorm layer = unit(3);
    assertArrayEquals(new long[] {3}, layer.outputShape(new long[] {3}));
    assertArrayEquals(new long[] {3, 4, 4}, layer.outputShape(new long[] {3, 4, 4}));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> layer.outputShape(new long[] {5}));
    assertEquals("batchnorm_1: input [5] has 5 features, gamma has 3", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> layer.outputShape(new long[] {3, 4}));
    assertTrue(e.getMessage().contains("[3, 4]"), e.getMessage());
  }

  @Test
  void inferenceGradientsMatchFiniteDifferences() {
    SplittableRandom rng = new SplittableRandom(11);
    BatchNorm layer =
        new BatchNorm(
            "batchnorm_1",
            GradientCheck.uniform(rng, 0.5, 1.5, 2),
            GradientCheck.uniform(rng, -0.5, 0.5, 2),
            GradientCheck.uniform(rng, -1, 1, 2),
            GradientCheck.uniform(rng, 0.5, 2, 2),
            0.9,
            EPS);
    for (long[] shape : new long[][] {{1, 2}, {3, 2}, {2, 2, 3, 2}}) {
      INDArray x = GradientCheck.uniform(rng, -2, 2, shape);
      INDArray r = GradientCheck.uniform(rng, -1, 1, shape);
      Gradients g = layer.forward(x, ForwardContext.INFERENCE).backward(r);
      DoubleSupplier loss =
          () ->
              layer.forward(x, ForwardContext.INFERENCE).output().mul(r).sumNumber().doubleValue();
      GradientCheck.checkArray("batchnorm inference", "input", x, g.input(), loss);
      for (String param : new String[] {"gamma", "beta"})
        GradientCheck.checkArray(
            "batchnorm inference",
            param,
            layer.parameters().get(param),
            g.parameters().get(param),
            loss);
    }
  }

  private static void assertClose(double[][] expected, INDArray actual, String message) {
    assertArrayEquals(new long[] {expected.length, expected[0].length}, actual.shape(), message);
    for (int i = 0; i < expected.length; i++)
      assertArrayEquals(
          expected[i], actual.getRow(i).toDoubleVector(), TOLERANCE, message + ", row " + i);
  }
}
