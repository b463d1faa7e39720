package gradflow.layers;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Maxout with k = 2 and 3, batch sizes 1 and 4, inputs away from ties. */
class MaxoutGradientTest {
  static Stream<GradientCases.Case> cases() {
    return GradientCases.maxout();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void gradientsMatchFiniteDifferences(GradientCases.Case c) {
    GradientCheck.checkLayer(c.layer(), c.input(), c.seed());
  }
}
