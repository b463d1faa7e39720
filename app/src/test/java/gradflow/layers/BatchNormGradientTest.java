package gradflow.layers;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** BatchNorm in training mode on [n, features] and [n, c, h, w], n >= 2. */
class BatchNormGradientTest {
  static Stream<GradientCases.Case> cases() {
    return GradientCases.batchNorm();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void gradientsMatchFiniteDifferences(GradientCases.Case c) {
    GradientCheck.checkLayer(c.layer(), c.input(), c.seed());
  }
}
