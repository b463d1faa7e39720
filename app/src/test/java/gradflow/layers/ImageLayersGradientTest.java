package gradflow.layers;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Conv2d (strides 1 and 2, VALID and SAME, with and without bias), MaxPool2d (overlapping windows,
 * distinct inputs), AvgPool2d and Flatten, batch sizes 1 and 4, in double precision.
 */
class ImageLayersGradientTest {
  static Stream<GradientCases.Case> conv2d() {
    return GradientCases.conv2d();
  }

  static Stream<GradientCases.Case> maxPool2d() {
    return GradientCases.maxPool2d();
  }

  static Stream<GradientCases.Case> avgPool2d() {
    return GradientCases.avgPool2d();
  }

  static Stream<GradientCases.Case> flatten() {
    return GradientCases.flatten();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("conv2d")
  void conv2dGradientsMatchFiniteDifferences(GradientCases.Case c) {
    GradientCheck.checkLayer(c.layer(), c.input(), c.seed());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("maxPool2d")
  void maxPool2dGradientsMatchFiniteDifferences(GradientCases.Case c) {
    GradientCheck.checkLayer(c.layer(), c.input(), c.seed());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("avgPool2d")
  void avgPool2dGradientsMatchFiniteDifferences(GradientCases.Case c) {
    GradientCheck.checkLayer(c.layer(), c.input(), c.seed());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("flatten")
  void flattenGradientsMatchFiniteDifferences(GradientCases.Case c) {
    GradientCheck.checkLayer(c.layer(), c.input(), c.seed());
  }
}
