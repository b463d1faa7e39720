package gradflow.layers.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradflow.layers.GradientCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Symbolic derivatives against central differences (ε = 1e-6, DOUBLE arrays, the tolerance of
 * {@link GradientCheck}) away from kinks, against hand-worked values, and at the kinks by rule.
 */
class DerivativeTest {
  /** Points away from every kink the expressions below have (0, ±0.5, ±1). */
  private static final double[] POINTS = {-2.3, -1.3, -0.7, -0.2, 0.15, 0.4, 0.8, 1.9, 3.1};

  private static final double[] POSITIVE = {0.05, 0.3, 0.9, 1.7, 4.2};

  @ParameterizedTest
  @ValueSource(
      strings = {
        "x",
        "3",
        "-x",
        "exp(x)",
        "abs(x)",
        "tanh(x)",
        "sigmoid(x)",
        "relu(x)",
        "softplus(x)",
        "step(x)",
        "min(x, 0.5)",
        "max(x, 0.5)",
        "min(0.5, x)",
        "max(-x, x^2)",
        "x^3",
        "x^2 - 3*x + 1",
        "2^x",
        "x / (1 + abs(x))",
        "1 / (x - 4)",
        "exp(-x^2)",
        "1.5 * x * sigmoid(x)",
        "tanh(2*x - 1) * x",
        "sqrt(x^2 + 1)",
        "log(1 + exp(x))",
        "max(relu(x), 0.5 * x) - min(x, -x)",
        "softplus(-3 * x) / 2",
        "sigmoid(x)^x",
      })
  void matchesCentralDifferences(String source) {
    checkAgainstFiniteDifferences(source, POINTS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"log(x)", "sqrt(x)", "x^x", "x^0.5", "x^(-1.5)", "log(x) * sqrt(x)"})
  void matchesCentralDifferencesForPositiveX(String source) {
    checkAgainstFiniteDifferences(source, POSITIVE);
  }

  private static void checkAgainstFiniteDifferences(String source, double[] points) {
    Expr f = ExprParser.parse(source);
    Expr df = Derivative.of(f);
    INDArray x = Nd4j.createFromArray(points);
    INDArray analytic = ExprEvaluator.evaluate(df, x);
    INDArray plus = ExprEvaluator.evaluate(f, x.add(GradientCheck.EPS));
    INDArray minus = ExprEvaluator.evaluate(f, x.sub(GradientCheck.EPS));
    INDArray numeric = plus.sub(minus).divi(2 * GradientCheck.EPS);
    GradientCheck.compare("expr(" + source + ")", "x", analytic, numeric);
    for (int i = 0; i < points.length; i++) {
      // The scalar reference and ND4J agree on the derivative too.
      assertEquals(
          df.evaluate(points[i]), analytic.getDouble(i), 1e-12, source + " scalar vs ND4J");
    }
  }

  @ParameterizedTest(name = "d/dx {0} at {1} = {2}")
  @CsvSource(
      delimiter = ';',
      value = {
        "exp(-x^2); 0; 0",
        "exp(-x^2); 1; -0.7357588823428847", // -2x e^(-x^2) = -2/e
        "exp(-x^2); 0.5; -0.7788007830714049", // -e^(-1/4)
        "exp(-x^2); -2; 0.07326255555493671", // 4 e^-4
        "1.5 * x * sigmoid(x); 0; 0.75", // 1.5 (s + x s (1 - s)), s(0) = 1/2
        "1.5 * x * sigmoid(x); 1; 1.3915057678072300", // s(1) = 0.7310585786300049
        "1.5 * x * sigmoid(x); -1; 0.1084942321927699", // 1.5 (0.26894142 - 0.19661193)
      })
  void handWorkedValues(String source, double x, double expected) {
    Expr df = Derivative.of(ExprParser.parse(source));
    assertEquals(expected, df.evaluate(x), 1e-15);
    INDArray nd = ExprEvaluator.evaluate(df, Nd4j.createFromArray(x));
    assertEquals(expected, nd.getDouble(0), 1e-15);
  }

  @Test
  void stepHasZeroDerivativeEverywhere() {
    Expr df = Derivative.of(ExprParser.parse("step(x)"));
    assertEquals(new Expr.Num(0), df);
    INDArray x = Nd4j.createFromArray(-3.0, -1e-300, 0.0, 1e-300, 2.0);
    assertEquals(Nd4j.zeros(DataType.DOUBLE, 5), ExprEvaluator.evaluate(df, x));
    // Even where the argument's derivative is infinite (sqrt at 0): step' = 0 by rule.
    assertEquals(new Expr.Num(0), Derivative.of(ExprParser.parse("step(sqrt(x))")));
  }

  @ParameterizedTest(name = "d/dx {0} at {1} = {2}")
  @CsvSource(
      delimiter = ';',
      value = {
        "abs(x); 0; 0",
        "relu(x); 0; 0",
        "step(x); 0; 0",
        "max(x, 0); 0; 1", // a tie follows the first argument
        "max(0, x); 0; 0",
        "min(x, 0); 0; 1",
        "min(0, x); 0; 0",
        "max(x, 2*x); 0; 1",
        "min(-x, x); 0; -1",
        "sqrt(x); 0; Infinity",
        "log(x); 0; Infinity",
      })
  void rulesAtKinks(String source, double x, double expected) {
    Expr df = Derivative.of(ExprParser.parse(source));
    assertEquals(expected, df.evaluate(x), source);
    INDArray nd = ExprEvaluator.evaluate(df, Nd4j.createFromArray(x));
    assertEquals(expected, nd.getDouble(0), source + " on ND4J");
  }

  @ParameterizedTest(name = "d/dx {0} = {1}")
  @CsvSource(
      delimiter = ';',
      value = {
        "x; 1",
        "7; 0",
        "x^2; 2 * x",
        "3 * x + 1; 3",
        "x * 3; 3",
        "2 * 3 * x; 6",
        "-x; -1",
        "x - x; 0", // 1 - 1, folded
        "exp(x); exp(x)",
        "exp(2 * x); 2 * exp(2 * x)",
        "relu(x); step(x)",
        "softplus(x); sigmoid(x)",
        "1 / x; -1 / x^2",
        "x / 4; 0.25",
        "log(x); 1 / x",
        "tanh(x); 1 - tanh(x)^2",
      })
  void simplifiesTrivially(String source, String expected) {
    assertEquals(expected, Derivative.of(ExprParser.parse(source)).toString());
  }

  @Test
  void simplifyFoldsConstantsButNotToInfinity() {
    assertEquals("6 * x", Simplify.of(ExprParser.parse("2 * 3 * x")).toString());
    assertEquals("1 / 0", Simplify.of(ExprParser.parse("1 / 0")).toString());
    assertEquals("x", Simplify.of(ExprParser.parse("0 + 1 * x ^ 1 - 0")).toString());
    assertTrue(Simplify.of(ExprParser.parse("exp(0) * x")).toString().equals("x"));
  }
}
