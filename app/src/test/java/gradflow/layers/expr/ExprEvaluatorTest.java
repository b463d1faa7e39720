package gradflow.layers.expr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** ND4J evaluation agrees with the scalar semantics, keeps the data type, leaves x alone. */
class ExprEvaluatorTest {
  private static final double[] POINTS = {-12, -3.5, -1, -0.25, 0, 0.3, 1, 2.75, 40};

  @ParameterizedTest
  @ValueSource(
      strings = {
        "x",
        "2.5",
        "-x",
        "exp(x / 4)",
        "log(abs(x) + 1)",
        "sqrt(abs(x))",
        "abs(x)",
        "tanh(x)",
        "sigmoid(x)",
        "relu(x)",
        "softplus(x)",
        "step(x)",
        "min(x, 0.5) + max(0.5, x)",
        "min(x, -x) * max(x, x^2)",
        "2^x / 2^3",
        "x^3 - 1 / (x^2 + 1)",
        "1 - x - 2 * x",
        "exp(-x^2)",
        "1.5 * x * sigmoid(x)",
      })
  void agreesWithScalarEvaluation(String source) {
    Expr e = ExprParser.parse(source);
    INDArray x = Nd4j.createFromArray(POINTS).reshape(3, 3);
    INDArray y = ExprEvaluator.evaluate(e, x);
    assertArrayEquals(new long[] {3, 3}, y.shape());
    for (int i = 0; i < POINTS.length; i++) {
      double expected = e.evaluate(POINTS[i]);
      assertEquals(expected, y.getDouble(i), 1e-12 * Math.max(1, Math.abs(expected)), source);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"x", "3", "exp(-x^2)", "1.5 * x * sigmoid(x)", "max(x, 2^x) + step(x)"})
  void keepsTheDataTypeAndNeverModifiesTheInput(String source) {
    ExprActivation f = ExprActivation.parse(source);
    for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      INDArray z = Nd4j.createFromArray(-2.0, -0.5, 0.0, 1.5).castTo(type).reshape(2, 2);
      INDArray before = z.dup();
      INDArray a = f.apply(z);
      INDArray grad = f.derivative(z, a);
      assertEquals(type, a.dataType(), source + " apply");
      assertEquals(type, grad.dataType(), source + " derivative");
      assertArrayEquals(z.shape(), a.shape());
      assertArrayEquals(z.shape(), grad.shape());
      assertNotSame(z, a);
      assertEquals(before, z, source + " modified its input");
    }
  }

  @Test
  void worksOnViews() {
    INDArray base = Nd4j.createFromArray(POINTS).reshape(3, 3);
    INDArray view = base.transpose().get(NDArrayIndex.interval(0, 2), NDArrayIndex.all());
    Expr e = ExprParser.parse("2 - max(0.5, x) * 3 + 2^x");
    INDArray y = ExprEvaluator.evaluate(e, view);
    assertArrayEquals(view.shape(), y.shape());
    for (int r = 0; r < 2; r++) {
      for (int c = 0; c < 3; c++) {
        double expected = e.evaluate(view.getDouble(r, c));
        assertEquals(expected, y.getDouble(r, c), 1e-12 * Math.max(1, Math.abs(expected)));
      }
    }
  }

  @Test
  void softplusDoesNotOverflowInFloat() {
    INDArray z = Nd4j.createFromArray(-200f, -30f, 0f, 30f, 200f);
    INDArray a = ExprEvaluator.evaluate(ExprParser.parse("softplus(x)"), z);
    float[] expected = {0f, 9.357623e-14f, 0.6931472f, 30f, 200f};
    assertArrayEquals(expected, a.toFloatVector(), 1e-6f);
  }

  @Test
  void stepAndReluFollowTheKinkRulesOnNd4j() {
    INDArray z = Nd4j.createFromArray(-1.0, 0.0, 2.0);
    assertArrayEquals(
        new double[] {0, 0, 1},
        ExprEvaluator.evaluate(ExprParser.parse("step(x)"), z).toDoubleVector());
    assertArrayEquals(
        new double[] {0, 0, 2},
        ExprEvaluator.evaluate(ExprParser.parse("relu(x)"), z).toDoubleVector());
  }

  @Test
  void rejectsIntegerArrays() {
    INDArray z = Nd4j.createFromArray(1, 2, 3);
    assertThrows(
        IllegalArgumentException.class, () -> ExprEvaluator.evaluate(ExprParser.parse("x"), z));
  }
}
