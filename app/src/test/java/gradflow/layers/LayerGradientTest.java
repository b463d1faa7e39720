package gradflow.layers;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of {@link GradientCases}, in double precision, through the backward path that training
 * runs: dense with every activation, maxout, batchnorm, layernorm, dropout, residual blocks, conv,
 * the pools and flatten. LayerCoverageTest keeps every layer class in there.
 */
class LayerGradientTest {
  static Stream<GradientCases.Case> cases() {
    return GradientCases.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void gradientsMatchFiniteDifferences(GradientCases.Case c) {
    GradientCheck.checkLayer(c.layer(), c.input(), c.seed());
  }
}
