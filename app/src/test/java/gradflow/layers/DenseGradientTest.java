package gradflow.layers;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Dense with every activation, with and without bias, batch sizes 1 and 4. */
class DenseGradientTest {
  static Stream<GradientCases.Case> cases() {
    return GradientCases.dense();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void gradientsMatchFiniteDifferences(GradientCases.Case c) {
    GradientCheck.checkLayer(c.layer(), c.input(), c.seed());
  }
}
