package gradflow.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import gradflow.spec.ActivationKind;
import gradflow.spec.ActivationSpec;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Dense with identity activation and all-ones W: every number worked out by hand. */
class DenseHandTest {
  private static final double[][] X = {{1, 2, 3}, {-1, 0, 1}};
  private static final double[] B = {0.5, -1};

  private static Dense layer() {
    INDArray w = Nd4j.ones(DataType.DOUBLE, 3, 2);
    return new Dense(
        "dense_1",
        w,
        Nd4j.createFromArray(B),
        Activations.of(ActivationSpec.of(ActivationKind.LINEAR)));
  }

  @Test
  void forwardSumsInputsPlusBias() {
    INDArray out = layer().forward(Nd4j.createFromArray(X)).output();
    // row sums 6 and 0, plus b
    assertArrayEquals(new double[][] {{6.5, 5}, {0.5, -1}}, out.toDoubleMatrix(), "dense_1 output");
  }

  @Test
  void backwardMatchesHandValues() {
    Dense.DensePass step = layer().forward(Nd4j.createFromArray(X));
    INDArray gradOut = Nd4j.createFromArray(new double[][] {{1, 2}, {3, -1}});
    Gradients g = step.backward(gradOut);
    // dL/dW = x^T g
    assertArrayEquals(
        new double[][] {{-2, 3}, {2, 4}, {6, 5}},
        g.parameters().get("W").toDoubleMatrix(),
        "dense_1.W gradient");
    assertArrayEquals(
        new double[] {4, 1}, g.parameters().get("b").toDoubleVector(), "dense_1.b gradient");
    // dL/dx = g W^T: each row's gradient sum repeated over the 3 inputs
    assertArrayEquals(
        new double[][] {{3, 3, 3}, {2, 2, 2}},
        g.input().toDoubleMatrix(),
        "dense_1 input gradient");
    assertArrayEquals(
        new double[][] {{1, 2}, {3, -1}},
        step.gradPreActivation().toDoubleMatrix(),
        "dense_1 dL/dz");
    assertArrayEquals(
        new double[][] {{1, 1}, {1, 1}},
        step.activationDerivative().toDoubleMatrix(),
        "dense_1 f'(z)");
  }

  @Test
  void withoutBiasHasOnlyW() {
    Dense dense =
        new Dense(
            "dense_2",
            Nd4j.ones(DataType.DOUBLE, 3, 2),
            null,
            Activations.of(ActivationSpec.of(ActivationKind.LINEAR)));
    Dense.DensePass step = dense.forward(Nd4j.createFromArray(X));
    assertArrayEquals(new double[][] {{6, 6}, {0, 0}}, step.output().toDoubleMatrix(), "dense_2");
    Gradients g = step.backward(Nd4j.ones(DataType.DOUBLE, 2, 2));
    assertEquals(java.util.Set.of("W"), g.parameters().keySet(), "dense_2 parameters");
    assertEquals(java.util.Set.of("W"), dense.parameters().keySet(), "dense_2 parameters");
  }

  @Test
  void reluZeroesTheGradientOfInactiveUnits() {
    Dense dense =
        new Dense(
            "dense_3",
            Nd4j.ones(DataType.DOUBLE, 3, 2),
            Nd4j.createFromArray(0.0, -10.0),
            Activations.of(ActivationSpec.of(ActivationKind.RELU)));
    Dense.DensePass step = dense.forward(Nd4j.createFromArray(new double[][] {{1, 2, 3}}));
    // z = [6, -4]: unit 1 is inactive
    assertArrayEquals(new double[][] {{6, 0}}, step.output().toDoubleMatrix(), "dense_3 output");
    Gradients g = step.backward(Nd4j.createFromArray(new double[][] {{1, 1}}));
    assertArrayEquals(
        new double[][] {{1, 0}, {2, 0}, {3, 0}},
        g.parameters().get("W").toDoubleMatrix(),
        "dense_3.W gradient");
    assertArrayEquals(new double[] {1, 0}, g.parameters().get("b").toDoubleVector(), "dense_3.b");
  }
}
