package gradflow.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import gradflow.layers.Dense;
import gradflow.layers.ForwardContext;
import gradflow.layers.GradientCases;
import gradflow.layers.GradientCheck;
import gradflow.layers.Maxout;
import gradflow.spec.LossKind;
import gradflow.train.Loss;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A whole network (dense relu, maxout, dense linear) built in double: the flat gradient from {@link
 * Network#backward} against finite differences of the loss over the flat parameters.
 */
class NetworkGradientTest {
  private static final double KINK_MARGIN = 1e-3;

  /** A network, a batch and its one-hot labels, with no ReLU input or Maxout tie near a kink. */
  private record Fixture(Network network, INDArray x, INDArray oneHot) {}

  private static Fixture fixture(LossKind lossKind) {
    for (long seed = 1; seed < 200; seed++) {
      Network network = NetworkBuilder.build(TestNetworks.spec(seed, lossKind), DataType.DOUBLE);
      SplittableRandom rng = new SplittableRandom(seed);
      INDArray x = GradientCheck.uniform(rng, -2, 2, 4, 4);
      INDArray oneHot = Nd4j.zeros(DataType.DOUBLE, 4, 3);
      for (int i = 0; i < 4; i++) oneHot.putScalar(i, rng.nextInt(3), 1.0);
      if (awayFromKinks(network, x)) return new Fixture(network, x, oneHot);
    }
    throw new IllegalStateException("no seed gave a kink-free network");
  }

  private static boolean awayFromKinks(Network network, INDArray x) {
    Network.ForwardPass pass = network.forward(x, ForwardContext.replay(0));
    INDArray input = x;
    for (int i = 0; i < network.layers().size(); i++) {
      if (network.layers().get(i) instanceof Dense dense
          && dense.activation().name().equals("relu")
          && GradientCases.minAbs(((Dense.DensePass) pass.layerPasses().get(i)).preActivation())
              <= KINK_MARGIN) return false;
      if (network.layers().get(i) instanceof Maxout maxout) {
        Map<String, INDArray> p = maxout.parameters();
        INDArray z = input.mmul(p.get("W")).addRowVector(p.get("b"));
        if (GradientCases.minTopTwoGap(z, maxout.units(), maxout.pieces()) <= KINK_MARGIN)
          return false;
      }
      input = pass.layerPasses().get(i).output();
    }
    return true;
  }

  @ParameterizedTest
  @EnumSource(LossKind.class)
  void flatGradientMatchesFiniteDifferences(LossKind lossKind) {
    Fixture f = fixture(lossKind);
    Network network = f.network();
    Loss loss = Loss.of(lossKind);
    Network.ForwardPass pass = network.forward(f.x(), ForwardContext.replay(0));
    INDArray gradX = network.backward(pass, loss.compute(pass.output(), f.oneHot()).gradOutput());
    INDArray flatGrad = network.flatGradients().dup();
    assertEquals(DataType.DOUBLE, flatGrad.dataType(), "network gradient type");
    DoubleSupplier lossValue =
        () ->
            loss.compute(network.forward(f.x(), ForwardContext.replay(0)).output(), f.oneHot())
                .value();

    String name = "network(" + lossKind.specName() + ")";
    INDArray numericFlat = GradientCheck.numericGradient(network.flatParameters(), lossValue);
    GradientCheck.compare(name, "flat", flatGrad, numericFlat);
    GradientCheck.checkArray(name, "input", f.x(), gradX, lossValue);
    // per named parameter, so a failure names it: slices of the flat arrays, and the views
    for (Map.Entry<String, INDArray> e : network.parameters().entrySet()) {
      String param = e.getKey();
      GradientCheck.compare(
          name, param, network.slice(flatGrad, param), network.slice(numericFlat, param));
      assertEquals(
          network.slice(flatGrad, param),
          network.gradients().get(param),
          name + ": gradients() view of " + param);
    }
  }
}
