package gradflow.layers;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Dropout with rate 0.5 and a fixed keep mask. */
class DropoutGradientTest {
  static Stream<GradientCases.Case> cases() {
    return GradientCases.dropout();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void gradientsMatchFiniteDifferences(GradientCases.Case c) {
    GradientCheck.checkLayer(c.layer(), c.input(), c.seed());
  }
}
