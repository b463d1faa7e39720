package gradflow.layers;

import static org.junit.jupiter.api.Assertions.assertThrows;

import gradflow.spec.ActivationKind;
import gradflow.spec.ActivationSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.opentest4j.AssertionFailedError;

/** The checker itself: it must fail on a wrong gradient, or it proves nothing. */
class GradientCheckTest {
  /** Dense whose W gradient is off by 1% at one entry. */
  private static Layer withWrongGradient(Dense dense) {
    return new Layer() {
      public String name() {
        return "broken_dense";
      }

      public long[] outputShape(long[] inputShape) {
        return dense.outputShape(inputShape);
      }

      public Map<String, INDArray> parameters() {
        return dense.parameters();
      }

      public LayerPass forward(INDArray input, ForwardContext context) {
        LayerPass step = dense.forward(input, context);
        return new LayerPass() {
          public INDArray output() {
            return step.output();
          }

          public Map<String, INDArray> parameters() {
            return step.parameters();
          }

          public INDArray backwardInto(INDArray gradOutput, Map<String, INDArray> into) {
            INDArray gradInput = step.backwardInto(gradOutput, into);
            INDArray gradW = into.get("W");
            gradW.putScalar(1, gradW.getDouble(1) * 1.01);
            return gradInput;
          }
        };
      }
    };
  }

  @Test
  void failsOnAWrongGradient() {
    GradientCases.Case c =
        GradientCases.dense(ActivationSpec.of(ActivationKind.TANH), true, new long[] {2, 3}, 2, 5);
    Layer broken = withWrongGradient((Dense) c.layer());
    assertThrows(AssertionFailedError.class, () -> GradientCheck.checkLayer(broken, c.input(), 5));
    GradientCheck.checkLayer(c.layer(), c.input(), 5); // the intact layer passes
  }

  @Test
  void skipsTinyAbsoluteDifferences() {
    GradientCheck.expectClose("layer", "W", 0, 1e-12, 5e-9);
  }

  @Test
  void failsOnRelativeErrorAboveTolerance() {
    assertThrows(
        AssertionFailedError.class, () -> GradientCheck.expectClose("layer", "W", 0, 1.0, 1.0001));
  }
}
