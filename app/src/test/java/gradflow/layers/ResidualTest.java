package gradflow.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import gradflow.spec.ActivationKind;
import gradflow.spec.ActivationSpec;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Residual by hand: identity blocks, qualified parameter names, inner steps, shape errors. */
class ResidualTest {
  private static Dense dense(String name, INDArray w, INDArray b, ActivationKind kind) {
    return new Dense(name, w, b, Activations.of(ActivationSpec.of(kind)));
  }

  private static Residual zeroBlock() {
    return new Residual(
        "residual_2",
        List.of(
            dense(
                "dense_3",
                Nd4j.zeros(DataType.DOUBLE, 3, 4),
                Nd4j.zeros(DataType.DOUBLE, 4),
                ActivationKind.RELU),
            dense(
                "dense_4",
                Nd4j.zeros(DataType.DOUBLE, 4, 3),
                Nd4j.zeros(DataType.DOUBLE, 3),
                ActivationKind.TANH)));
  }

  @Test
  void aZeroWeightBlockIsTheIdentity() {
    INDArray x = GradientCheck.uniform(new SplittableRandom(1), -2, 2, 4, 3);
    Residual.ResidualPass step = zeroBlock().forward(x);
    assertEquals(x, step.output(), "residual_2 output");
    INDArray gradOut = GradientCheck.uniform(new SplittableRandom(2), -1, 1, 4, 3);
    Gradients g = step.backward(gradOut);
    assertEquals(gradOut, g.input(), "residual_2 input gradient: the skip path alone");
    assertEquals(Nd4j.zeros(DataType.DOUBLE, 4, 3), g.parameters().get("dense_4.W"), "dense_4.W");
  }

  @Test
  void identityWeightsDoubleTheInput() {
    Residual layer =
        new Residual(
            "residual_1",
            List.of(
                dense(
                    "dense_2", Nd4j.eye(2).castTo(DataType.DOUBLE), null, ActivationKind.LINEAR)));
    Residual.ResidualPass step = layer.forward(Nd4j.createFromArray(new double[][] {{1, -2}}));
    assertArrayEquals(new double[][] {{2, -4}}, step.output().toDoubleMatrix(), "x + x I");
    Gradients g = step.backward(Nd4j.createFromArray(new double[][] {{3, 5}}));
    assertArrayEquals(new double[][] {{6, 10}}, g.input().toDoubleMatrix(), "g + g I^T");
    // dL/dW = x^T g
    assertArrayEquals(
        new double[][] {{3, 5}, {-6, -10}}, g.parameters().get("dense_2.W").toDoubleMatrix());
  }

  @Test
  void parametersAreTheInnerOnesUnderQualifiedKeys() {
    Residual layer = zeroBlock();
    Map<String, INDArray> params = layer.parameters();
    assertEquals(
        List.of("dense_3.W", "dense_3.b", "dense_4.W", "dense_4.b"), List.copyOf(params.keySet()));
    assertSame(layer.block().get(0).parameters().get("W"), params.get("dense_3.W"));
    assertSame(layer.block().get(1).parameters().get("b"), params.get("dense_4.b"));
  }

  @Test
  void theStepExposesTheInnerSteps() {
    INDArray x = GradientCheck.uniform(new SplittableRandom(1), -2, 2, 2, 3);
    Residual.ResidualPass step = zeroBlock().forward(x);
    assertEquals(2, step.innerPasses().size(), "one step per inner layer");
    assertEquals(Dense.DensePass.class, step.innerPasses().get(0).getClass());
    assertArrayEquals(new long[] {2, 4}, step.innerPasses().get(0).output().shape());
  }

  @Test
  void aShapeChangingBlockIsRejectedNamingBothShapes() {
    Residual layer =
        new Residual(
            "residual_2",
            List.of(
                dense("dense_3", Nd4j.zeros(DataType.DOUBLE, 3, 2), null, ActivationKind.TANH)));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> layer.outputShape(new long[] {3}));
    assertEquals(
        "residual_2: the block maps input shape [3] to output shape [2]; a residual block must"
            + " keep the shape of its input",
        e.getMessage());
    assertArrayEquals(new long[] {3}, zeroBlock().outputShape(new long[] {3}));
  }

  @Test
  void emptyBlocksAndDuplicateNamesAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new Residual("residual_1", List.of()));
    Dense d = dense("dense_2", Nd4j.zeros(DataType.DOUBLE, 2, 2), null, ActivationKind.TANH);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new Residual("residual_1", List.of(d, d)));
    assertEquals("residual_1: two layers of the block are named 'dense_2'", e.getMessage());
  }

  @Test
  void theModeReachesTheInnerLayers() {
    INDArray x = Nd4j.ones(DataType.DOUBLE, 50, 4);
    Residual layer = new Residual("residual_1", List.of(new Dropout("dropout_2", 0.5, 1)));
    assertEquals(x.mul(2), layer.forward(x, ForwardContext.INFERENCE).output(), "inference: x + x");
    LayerPass inner = layer.forward(x, ForwardContext.training(3)).innerPasses().get(0);
    assertEquals(
        ((Dropout) layer.block().get(0)).sampleMask(x.shape(), DataType.DOUBLE, 3),
        ((Dropout.DropoutPass) inner).mask().orElseThrow(),
        "the inner dropout draws the mask of pass 3");
  }
}
