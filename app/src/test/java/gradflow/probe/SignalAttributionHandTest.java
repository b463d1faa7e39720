package gradflow.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradflow.layers.ForwardContext;
import gradflow.model.Network;
import gradflow.model.NetworkBuilder;
import gradflow.train.StepView;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The weight and activation factors the probe records, against a float64 hand computation of dL/dz
 * and dL/da with plain double arrays on a 3-layer net (tanh, relu, linear), and their product
 * against the measured signal ratio of adjacent layers.
 */
class SignalAttributionHandTest {
  private static final String SPEC =
      """
      seed: 5
      input: [6]
      data: {synthetic: {kind: blobs, classes: 3, samples: 64, test_samples: 16}}
      layers:
        - dense: {units: 5, activation: tanh}
        - dense: {units: 4, activation: relu, init: he_uniform}
        - dense: {units: 3, activation: linear}
      train: {steps: 1, batch: 8, log_every: 1}
      """;

  private static final int N = 8;

  @Test
  void factorsMatchAHandComputationAndMultiplyToTheSignalRatio() {
    Network network = NetworkBuilder.build(ProbedRun.spec(SPEC), DataType.DOUBLE);
    SplittableRandom rng = new SplittableRandom(3);
    double[][] x = random(rng, N, 6);
    double[][] gradOut3 = random(rng, N, 3); // dL/da at the output, any values will do
    LayerStepStats[] probed = probe(network, x, gradOut3);

    // forward by hand
    double[][] z1 = affine(x, weights(network, "dense_1"), bias(network, "dense_1"));
    double[][] a1 = map(z1, Math::tanh);
    double[][] z2 = affine(a1, weights(network, "dense_2"), bias(network, "dense_2"));
    double[][] a2 = map(z2, z -> Math.max(0, z));
    // backward by hand: dz3 = da3 (linear), da2 = dz3 W3^T, dz2 = da2 relu'(z2), ...
    double[][] dz3 = gradOut3;
    double[][] da2 = timesTransposed(dz3, weights(network, "dense_3"));
    double[][] dz2 = new double[N][];
    for (int i = 0; i < N; i++) {
      dz2[i] = da2[i].clone();
      for (int u = 0; u < dz2[i].length; u++) if (z2[i][u] <= 0) dz2[i][u] = 0;
    }
    double[][] da1 = timesTransposed(dz2, weights(network, "dense_2"));
    double[][] dz1 = new double[N][];
    for (int i = 0; i < N; i++) {
      dz1[i] = da1[i].clone();
      for (int u = 0; u < dz1[i].length; u++) dz1[i][u] *= 1 - a1[i][u] * a1[i][u];
    }
    assertTrue(meanAbs(a2) > 0 && meanAbs(dz2) > 0, "some relu unit is active");
    assertTrue(meanAbs(dz2) < meanAbs(da2), "some relu unit is off: relu'(z) loses signal");

    assertEquals(meanAbs(dz1), probed[0].get(LayerStat.MEAN_ABS_SIGNAL), 1e-12);
    assertEquals(meanAbs(da1) / meanAbs(dz2), probed[0].get(LayerStat.WEIGHT_FACTOR), 1e-12);
    assertEquals(meanAbs(dz1) / meanAbs(da1), probed[0].get(LayerStat.ACTIVATION_FACTOR), 1e-12);
    assertEquals(meanAbs(da2) / meanAbs(dz3), probed[1].get(LayerStat.WEIGHT_FACTOR), 1e-12);
    assertEquals(meanAbs(dz2) / meanAbs(da2), probed[1].get(LayerStat.ACTIVATION_FACTOR), 1e-12);
    assertTrue(Double.isNaN(probed[2].get(LayerStat.WEIGHT_FACTOR)), "no layer above the output");
    assertTrue(Double.isNaN(probed[2].get(LayerStat.ACTIVATION_FACTOR)));

    for (int l = 0; l < 2; l++)
      assertEquals(
          probed[l].get(LayerStat.MEAN_ABS_SIGNAL) / probed[l + 1].get(LayerStat.MEAN_ABS_SIGNAL),
          probed[l].get(LayerStat.WEIGHT_FACTOR) * probed[l].get(LayerStat.ACTIVATION_FACTOR),
          1e-12,
          "weight x activation factor is the signal ratio of layer " + (l + 1) + " to " + (l + 2));
  }

  /** One logged step through the probe with {@code gradOutput} as dL/d(output). */
  private static LayerStepStats[] probe(Network network, double[][] x, double[][] gradOutput) {
    Network.ForwardPass pass = network.forward(Nd4j.createFromArray(x), ForwardContext.training(0));
    network.backward(pass, Nd4j.createFromArray(gradOutput));
    INDArray noUpdate = Nd4j.zerosLike(network.flatParameters());
    GradientProbe probe = new GradientProbe(network, null);
    probe.onStep(new StepView(0, true, 1.0, 0.5, network, pass, noUpdate, null));
    List<LayerStepStats> layers = probe.result().steps().get(0).layers();
    return layers.toArray(new LayerStepStats[0]);
  }

  private static double[][] weights(Network network, String layer) {
    return network.parameters().get(layer + ".W").toDoubleMatrix();
  }

  private static double[] bias(Network network, String layer) {
    return network.parameters().get(layer + ".b").toDoubleVector();
  }

  private static double[][] random(SplittableRandom rng, int rows, int cols) {
    double[][] a = new double[rows][cols];
    for (double[] row : a) for (int j = 0; j < cols; j++) row[j] = rng.nextDouble(-1.5, 1.5);
    return a;
  }

  /** x W + b, W [in, out]. */
  private static double[][] affine(double[][] x, double[][] w, double[] b) {
    double[][] z = new double[x.length][b.length];
    for (int i = 0; i < x.length; i++)
      for (int u = 0; u < b.length; u++) {
        double sum = b[u];
        for (int k = 0; k < w.length; k++) sum += x[i][k] * w[k][u];
        z[i][u] = sum;
      }
    return z;
  }

  /** g W^T, W [in, out]: the gradient at the layer's input. */
  private static double[][] timesTransposed(double[][] g, double[][] w) {
    double[][] out = new double[g.length][w.length];
    for (int i = 0; i < g.length; i++)
      for (int k = 0; k < w.length; k++) {
        double sum = 0;
        for (int u = 0; u < g[i].length; u++) sum += g[i][u] * w[k][u];
        out[i][k] = sum;
      }
    return out;
  }

  private static double[][] map(double[][] a, DoubleUnaryOperator f) {
    double[][] out = new double[a.length][];
    for (int i = 0; i < a.length; i++) out[i] = Arrays.stream(a[i]).map(f).toArray();
    return out;
  }

  private static double meanAbs(double[][] a) {
    double sum = 0;
    int count = 0;
    for (double[] row : a)
      for (double v : row) {
        sum += Math.abs(v);
        count++;
      }
    return sum / count;
  }
}
