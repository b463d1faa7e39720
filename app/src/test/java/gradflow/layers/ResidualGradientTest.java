package gradflow.layers;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Residual around dense blocks (batch 1 and 4), a batchnorm block and a nested residual. */
class ResidualGradientTest {
  static Stream<GradientCases.Case> cases() {
    return GradientCases.residual();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void gradientsMatchFiniteDifferences(GradientCases.Case c) {
    GradientCheck.checkLayer(c.layer(), c.input(), c.seed());
  }
}
