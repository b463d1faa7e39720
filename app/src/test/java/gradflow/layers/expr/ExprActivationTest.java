package gradflow.layers.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradflow.layers.Dense;
import gradflow.layers.GradientCheck;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The activation contract: name, grid-measured properties, and a Dense gradient check. */
class ExprActivationTest {
  @Test
  void nameIsTheSourceText() {
    assertEquals("expr(exp(-x^2))", ExprActivation.parse("exp(-x^2)").name());
    assertEquals(
        "expr(1.5 * x * sigmoid(x))", ExprActivation.parse(" 1.5 * x * sigmoid(x) ").name());
  }

  @Test
  void equalWhenTheTreesAreEqual() {
    assertEquals(ExprActivation.parse("x*2"), ExprActivation.parse(" x * (2) "));
    assertFalse(ExprActivation.parse("x*2").equals(ExprActivation.parse("2*x")));
  }

  @Test
  void parseErrorsCarryTheColumn() {
    ExprException e = assertThrows(ExprException.class, () -> ExprActivation.parse("exp(x))"));
    assertEquals(7, e.column());
    assertEquals("unexpected ')': no '(' to close", e.reason());
  }

  @ParameterizedTest(name = "{0}: peak {1}, saturates {2}")
  @CsvSource(
      delimiter = ';',
      value = {
        // -2x e^(-x^2) peaks at x = ±1/sqrt(2): sqrt(2/e) = 0.857763884960707; grid hits ±0.71
        "exp(-x^2); 0.8577638849607068; 0.001; true",
        "1.5 * x * sigmoid(x); 1.6497589; 1e-6; false", // 1.5 * swish peak 1.0998393 at 2.3994
        "sigmoid(x); 0.25; 0; true",
        "tanh(x); 1; 0; true",
        "x; 1; 0; false",
        "relu(x); 1; 0; false",
        "sqrt(x); 5; 0; false", // f'(0) = inf is skipped; 1 / (2 sqrt(0.01)) = 5
        "step(x); 0; 0; false",
      })
  void measuresPeakAndSaturationOnTheGrid(
      String source, double peak, double tolerance, boolean saturates) {
    ExprActivation f = ExprActivation.parse(source);
    assertEquals(peak, f.peakDerivative(), Math.max(tolerance, 1e-12), source);
    assertEquals(saturates, f.canSaturate(), source);
    assertFalse(f.canDie(), source);
  }

  @Test
  void gridCoversMinusTenToTenWithZero() {
    assertEquals(-10.0, ExprActivation.gridPoint(0));
    assertEquals(0.0, ExprActivation.gridPoint((ExprActivation.GRID_POINTS - 1) / 2));
    assertEquals(10.0, ExprActivation.gridPoint(ExprActivation.GRID_POINTS - 1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"step(x)", "3 * step(x - 1)", "2", "relu(-x - 20)"})
  void recognisesADerivativeThatIsZeroAlmostEverywhere(String source) {
    assertTrue(ExprActivation.parse(source).derivativeIsZeroAlmostEverywhere(), source);
  }

  @ParameterizedTest
  @ValueSource(strings = {"x", "relu(x)", "exp(-x^2)", "step(x) * x", "sqrt(x)"})
  void otherDerivativesAreNotZeroEverywhere(String source) {
    assertFalse(ExprActivation.parse(source).derivativeIsZeroAlmostEverywhere(), source);
  }

  @ParameterizedTest(name = "{0}, batch {1}, bias {2}")
  @CsvSource(
      delimiter = ';',
      value = {
        "exp(-x^2); 1; true",
        "exp(-x^2); 4; false",
        "1.5 * x * sigmoid(x); 1; false",
        "1.5 * x * sigmoid(x); 4; true",
        "x / (1 + abs(x)) + 0.1 * softplus(x); 4; true",
      })
  void denseWithAnExprActivationPassesTheGradientCheck(String source, int batch, boolean bias) {
    SplittableRandom rng = new SplittableRandom(source.hashCode() * 31L + batch);
    INDArray w = GradientCheck.uniform(rng, -1, 1, 3, 4);
    INDArray b = bias ? GradientCheck.uniform(rng, -0.5, 0.5, 4) : null;
    INDArray input = GradientCheck.uniform(rng, -1, 1, batch, 3);
    Dense dense = new Dense("dense_expr", w, b, ExprActivation.parse(source));
    GradientCheck.checkLayer(dense, input, 7);
  }
}
