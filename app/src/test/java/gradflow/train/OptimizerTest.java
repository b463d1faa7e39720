package gradflow.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import gradflow.spec.OptimizerSpec;
import gradflow.spec.OptimizerSpec.Kind;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Updates from ND4J's fused updaters against the formulas computed here in plain Java. */
class OptimizerTest {
  private static final double[] P = {0.5, -0.3, 0.2};
  private static final double[] G1 = {0.1, -0.2, 0.3};
  private static final double[] G2 = {-0.05, 0.4, 0.1};

  private static INDArray row(double... values) {
    return Nd4j.createFromArray(values).reshape(1, values.length);
  }

  private static OptimizerSpec spec(Kind kind, double lr, double clipNorm, double clipValue) {
    return new OptimizerSpec(kind, lr, 0.9, 0.9, 0.999, 1e-8, clipNorm, clipValue);
  }

  @Test
  void adamMatchesTheFormulaWithZeroBasedIteration() {
    double lr = 0.1, beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
    INDArray params = row(P);
    Optimizer optimizer = new Optimizer(spec(Kind.ADAM, lr, 0, 0), params);
    double[] m = new double[3], v = new double[3], p = P.clone();
    double[][] grads = {G1, G2};
    for (int iteration = 0; iteration < 2; iteration++) {
      double[] g = grads[iteration];
      INDArray gradRow = row(g);
      INDArray update = optimizer.computeUpdate(gradRow, iteration);
      assertArrayEquals(g, gradRow.toDoubleVector(), "computeUpdate leaves the gradient alone");
      int t = iteration + 1; // Adam's t is 1-based; the trainer passes the 0-based step
      double[] expected = new double[3];
      for (int i = 0; i < 3; i++) {
        m[i] = beta1 * m[i] + (1 - beta1) * g[i];
        v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
        // Kingma & Ba (2015), Sec. 2: alpha_t = lr sqrt(1 - beta2^t) / (1 - beta1^t)
        double alphaT = lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
        expected[i] = alphaT * m[i] / (Math.sqrt(v[i]) + eps);
        // ...which is the textbook bias-corrected step up to where epsilon sits
        double mHat = m[i] / (1 - Math.pow(beta1, t));
        double vHat = v[i] / (1 - Math.pow(beta2, t));
        double textbook = lr * mHat / (Math.sqrt(vHat) + eps);
        assertEquals(textbook, expected[i], Math.abs(textbook) * 1e-4, "textbook Adam [" + i + "]");
      }
      double[] actual = update.toDoubleVector();
      for (int i = 0; i < 3; i++) {
        assertEquals(
            expected[i],
            actual[i],
            Math.abs(expected[i]) * 1e-9,
            "adam update at iteration " + iteration + " [" + i + "]");
      }
      params.subi(update);
      for (int i = 0; i < 3; i++) p[i] -= expected[i];
      assertArrayEquals(p, params.toDoubleVector(), 1e-12, "params after iteration " + iteration);
    }
  }

  @Test
  void adamFirstStepMovesEachEntryByLr() {
    INDArray params = row(P);
    Optimizer optimizer = new Optimizer(spec(Kind.ADAM, 0.1, 0, 0), params);
    double[] update = optimizer.computeUpdate(row(G1), 0).toDoubleVector();
    for (int i = 0; i < 3; i++)
      assertEquals(0.1 * Math.signum(G1[i]), update[i], 1e-5, "adam first update [" + i + "]");
  }

  @Test
  void sgdSubtractsLrTimesGradient() {
    INDArray params = row(P);
    Optimizer optimizer = new Optimizer(spec(Kind.SGD, 0.1, 0, 0), params);
    params.subi(optimizer.computeUpdate(row(G1), 0));
    assertArrayEquals(
        new double[] {0.5 - 0.01, -0.3 + 0.02, 0.2 - 0.03}, params.toDoubleVector(), 1e-12, "sgd");
  }

  @Test
  void nesterovMomentumMatchesTheFormula() {
    double lr = 0.1, mu = 0.9;
    INDArray params = row(P);
    Optimizer optimizer = new Optimizer(spec(Kind.MOMENTUM, lr, 0, 0), params);
    double[] v = new double[3];
    double[][] grads = {G1, G2};
    for (int iteration = 0; iteration < 2; iteration++) {
      double[] actual = optimizer.computeUpdate(row(grads[iteration]), iteration).toDoubleVector();
      for (int i = 0; i < 3; i++) {
        // v' = mu v - lr g; update = mu v - (1 + mu) v'  (params -= update)
        double vNew = mu * v[i] - lr * grads[iteration][i];
        double expected = mu * v[i] - (1 + mu) * vNew;
        v[i] = vNew;
        assertEquals(
            expected,
            actual[i],
            1e-12,
            "nesterov update at iteration " + iteration + " [" + i + "]");
      }
    }
  }

  @Test
  void clipNormRescalesToTheGlobalNorm() {
    Optimizer optimizer = new Optimizer(spec(Kind.SGD, 1.0, 1.0, 0), row(0, 0));
    INDArray grad = row(3, 4);
    assertArrayEquals(
        new double[] {0.6, 0.8},
        optimizer.computeUpdate(grad, 0).toDoubleVector(),
        1e-12,
        "clip_norm 1 on [3, 4]");
    assertArrayEquals(new double[] {3, 4}, grad.toDoubleVector(), "the gradient is left alone");
    assertArrayEquals(
        new double[] {0.3, 0.4},
        optimizer.computeUpdate(row(0.3, 0.4), 1).toDoubleVector(),
        1e-12,
        "clip_norm leaves a smaller gradient alone");
  }

  @Test
  void clipValueClampsEachEntry() {
    Optimizer optimizer = new Optimizer(spec(Kind.SGD, 1.0, 0, 0.5), row(0, 0, 0));
    assertArrayEquals(
        new double[] {0.5, -0.5, 0.2},
        optimizer.computeUpdate(row(3, -4, 0.2), 0).toDoubleVector(),
        1e-12,
        "clip_value 0.5");
  }

  @Test
  void clipValueThenClipNorm() {
    Optimizer optimizer = new Optimizer(spec(Kind.SGD, 1.0, 0.5, 0.5), row(0, 0, 0));
    double norm = Math.sqrt(0.5 * 0.5 * 2 + 0.2 * 0.2);
    double scale = 0.5 / norm;
    assertArrayEquals(
        new double[] {0.5 * scale, -0.5 * scale, 0.2 * scale},
        optimizer.computeUpdate(row(3, -4, 0.2), 0).toDoubleVector(),
        1e-12,
        "clip_value 0.5 then clip_norm 0.5");
  }
}
