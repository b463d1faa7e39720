package gradflow.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link LayerPass#backwardParametersInto}, which training runs on the first layer, gives the very
 * parameter gradients and kept state of {@link LayerPass#backwardInto}, whose gradients the layer
 * gradient checks hold to finite differences: every layer class, bit for bit.
 */
class BackwardParametersTest {
  static Stream<GradientCases.Case> cases() {
    return GradientCases.all();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void sameParameterGradientsAndStateAsTheFullBackward(GradientCases.Case c) {
    INDArray gradOutput = gradOutput(c);
    LayerPass full = c.layer().forward(c.input(), ForwardContext.replay(0));
    Map<String, INDArray> expected = targets(full);
    full.backwardInto(gradOutput, expected);
    LayerPass partial = c.layer().forward(c.input(), ForwardContext.replay(0));
    Map<String, INDArray> actual = targets(partial);
    partial.backwardParametersInto(gradOutput, actual);
    assertEquals(expected.keySet(), actual.keySet(), c + ": parameters");
    for (String param : expected.keySet())
      assertEquals(expected.get(param), actual.get(param), c + ": gradient of " + param);
    if (full instanceof SignalPass s)
      assertEquals(
          s.gradPreActivation(), ((SignalPass) partial).gradPreActivation(), c + ": dL/dz");
    if (full instanceof ActivatedPass a)
      assertEquals(
          a.activationDerivative(),
          ((ActivatedPass) partial).activationDerivative(),
          c + ": f'(z)");
  }

  private static INDArray gradOutput(GradientCases.Case c) {
    INDArray output = c.layer().forward(c.input(), ForwardContext.replay(0)).output();
    return GradientCheck.uniform(new SplittableRandom(c.seed()), -1, 1, output.shape());
  }

  /** Targets filled with NaN, so an entry left unwritten shows. */
  private static Map<String, INDArray> targets(LayerPass pass) {
    Map<String, INDArray> into = new java.util.LinkedHashMap<>();
    pass.parameters()
        .forEach((key, p) -> into.put(key, Nd4j.valueArrayOf(p.shape(), Double.NaN, p.dataType())));
    return into;
  }
}
