package gradflow.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradflow.spec.ActivationKind;
import gradflow.spec.ActivationSpec;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Each activation's derivative and peak derivative against its own apply(), in double. */
class ActivationsTest {
  static List<ActivationSpec> specs() {
    return GradientCases.activations();
  }

  /** z from {@code from} to {@code to} in steps of {@code step}, skipping |z| < 1e-3 (kinks). */
  private static INDArray grid(double from, double to, double step) {
    return grid(from, to, step, 1e-3);
  }

  private static INDArray grid(double from, double to, double step, double skipBelow) {
    int count = (int) Math.round((to - from) / step) + 1;
    double[] z = new double[count];
    int n = 0;
    for (int i = 0; i < count; i++) {
      double v = from + i * step;
      if (Math.abs(v) >= skipBelow) z[n++] = v;
    }
    return Nd4j.createFromArray(java.util.Arrays.copyOf(z, n));
  }

  private static String label(ActivationSpec spec) {
    return spec.specName() + "(alpha=" + spec.alpha() + ")";
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specs")
  void derivativeMatchesFiniteDifferencesOfApply(ActivationSpec spec) {
    Activation f = Activations.of(spec);
    INDArray z = grid(-6, 6, 0.0137);
    INDArray zBefore = z.dup();
    INDArray a = f.apply(z);
    INDArray analytic = f.derivative(z, a);
    assertEquals(zBefore, z, label(spec) + ": apply/derivative modified z");
    assertEquals(DataType.DOUBLE, a.dataType(), label(spec) + ": apply keeps the data type");
    assertEquals(DataType.DOUBLE, analytic.dataType(), label(spec) + ": derivative data type");
    INDArray plus = f.apply(z.add(GradientCheck.EPS));
    INDArray minus = f.apply(z.sub(GradientCheck.EPS));
    INDArray numeric = plus.sub(minus).divi(2 * GradientCheck.EPS);
    for (long i = 0; i < z.length(); i++) {
      GradientCheck.expectClose(
          label(spec),
          "f'(" + z.getDouble(i) + ")",
          i,
          analytic.getDouble(i),
          numeric.getDouble(i));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specs")
  void peakDerivativeBoundsTheDerivative(ActivationSpec spec) {
    Activation f = Activations.of(spec);
    INDArray z = grid(-10, 10, 1e-3, 0); // includes z = 0, where relu and selu peak
    INDArray d = f.derivative(z, f.apply(z));
    double max = d.maxNumber().doubleValue();
    long at = d.argMax().getLong(0);
    assertTrue(
        f.peakDerivative() >= max,
        label(spec)
            + ": peakDerivative "
            + f.peakDerivative()
            + " < f'("
            + z.getDouble(at)
            + ") = "
            + max);
    // and it is the peak, not a loose bound
    assertTrue(
        f.peakDerivative() <= max * 1.002,
        label(spec) + ": peakDerivative " + f.peakDerivative() + " far above the grid max " + max);
  }

  @Test
  void knownPeaks() {
    assertEquals(0.25, peak(ActivationKind.SIGMOID), 0.0, "sigmoid");
    assertEquals(1.0, peak(ActivationKind.TANH), 0.0, "tanh");
    assertEquals(1.0, peak(ActivationKind.RELU), 0.0, "relu");
    INDArray zero = Nd4j.createFromArray(0.0);
    Activation sigmoid = Activations.of(ActivationSpec.of(ActivationKind.SIGMOID));
    assertEquals(
        0.25, sigmoid.derivative(zero, sigmoid.apply(zero)).getDouble(0), 0.0, "sigmoid'(0)");
  }

  private static double peak(ActivationKind kind) {
    return Activations.of(ActivationSpec.of(kind)).peakDerivative();
  }

  @Test
  void derivativeAtKinks() {
    INDArray zero = Nd4j.createFromArray(0.0, -0.0);
    Activation relu = Activations.of(ActivationSpec.of(ActivationKind.RELU));
    assertEquals(0.0, relu.derivative(zero, relu.apply(zero)).getDouble(0), 0.0, "relu'(0)");
    assertEquals(0.0, relu.derivative(zero, relu.apply(zero)).getDouble(1), 0.0, "relu'(-0)");
    for (double alpha : new double[] {0.2, 0.01}) {
      Activation leaky = Activations.of(new ActivationSpec(ActivationKind.LEAKY_RELU, alpha));
      INDArray d = leaky.derivative(zero, leaky.apply(zero));
      assertEquals(alpha, d.getDouble(0), 1e-15, "leaky_relu(alpha=" + alpha + ")'(0)");
      assertEquals(alpha, d.getDouble(1), 1e-15, "leaky_relu(alpha=" + alpha + ")'(-0)");
    }
  }

  @Test
  void handValues() {
    INDArray z = Nd4j.createFromArray(-2.0, -1.0, 0.0, 1.0);
    assertValues(
        "sigmoid",
        ActivationSpec.of(ActivationKind.SIGMOID),
        z,
        0.11920292202211755,
        0.2689414213699951,
        0.5,
        0.7310585786300049);
    assertValues("relu", ActivationSpec.of(ActivationKind.RELU), z, 0, 0, 0, 1);
    assertValues("leaky_relu", ActivationSpec.of(ActivationKind.LEAKY_RELU), z, -0.4, -0.2, 0, 1);
    assertValues(
        "elu", ActivationSpec.of(ActivationKind.ELU), z, Math.exp(-2) - 1, Math.exp(-1) - 1, 0, 1);
    assertValues(
        "selu",
        ActivationSpec.of(ActivationKind.SELU),
        z,
        1.0507009873554805 * 1.6732632423543772 * (Math.exp(-2) - 1),
        -1.1113307378125625,
        0,
        1.0507009873554805);
    assertValues(
        "gelu",
        ActivationSpec.of(ActivationKind.GELU),
        z,
        -0.04540230591222,
        -0.15880800939172324,
        0,
        0.8411919906082768);
    assertValues("linear", ActivationSpec.of(ActivationKind.LINEAR), z, -2, -1, 0, 1);
    assertValues("softmax", ActivationSpec.of(ActivationKind.SOFTMAX), z, -2, -1, 0, 1);
  }

  private static void assertValues(
      String name, ActivationSpec spec, INDArray z, double... expected) {
    Activation f = Activations.of(spec);
    assertEquals(name, f.name(), "activation name");
    INDArray a = f.apply(z);
    for (int i = 0; i < expected.length; i++)
      assertEquals(expected[i], a.getDouble(i), 1e-12, name + "(" + z.getDouble(i) + ")");
  }

  @Test
  void onlyReluCanDieAndOnlySigmoidLikeSaturate() {
    for (ActivationSpec spec : specs()) {
      Activation f = Activations.of(spec);
      assertEquals(spec.kind() == ActivationKind.RELU, f.canDie(), label(spec) + ".canDie");
      boolean sigmoidLike =
          spec.kind() == ActivationKind.SIGMOID || spec.kind() == ActivationKind.TANH;
      assertEquals(sigmoidLike, f.canSaturate(), label(spec) + ".canSaturate");
    }
  }
}
