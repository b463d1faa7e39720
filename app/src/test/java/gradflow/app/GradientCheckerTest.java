package gradflow.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradflow.layers.Activation;
import gradflow.layers.Dense;
import gradflow.layers.ForwardContext;
import gradflow.layers.Layer;
import gradflow.layers.LayerPass;
import gradflow.model.Network;
import gradflow.model.NetworkBuilder;
import gradflow.spec.ActivationKind;
import gradflow.spec.ActivationSpec;
import gradflow.spec.DenseSpec;
import gradflow.spec.InitSpec;
import gradflow.spec.LossKind;
import gradflow.spec.NetworkSpec;
import gradflow.spec.OptimizerSpec;
import gradflow.spec.SyntheticSpec;
import gradflow.spec.Thresholds;
import gradflow.spec.TrainSpec;
import gradflow.train.Loss;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** gradcheck finds planted bugs: a wrong backward pass and a forgotten activation derivative. */
class GradientCheckerTest {
  private static final InitSpec XAVIER = new InitSpec.Scaled(InitSpec.Scheme.XAVIER_UNIFORM);

  private static NetworkSpec spec(ActivationKind hidden) {
    return new NetworkSpec(
        "t",
        5,
        List.of(6),
        new SyntheticSpec(SyntheticSpec.Kind.BLOBS, 3, 40, 0, 1.0),
        List.of(
            new DenseSpec(5, ActivationSpec.of(hidden), XAVIER, new InitSpec.Zeros(), true),
            new DenseSpec(
                4, ActivationSpec.of(ActivationKind.TANH), XAVIER, new InitSpec.Zeros(), true),
            new DenseSpec(
                3, ActivationSpec.of(ActivationKind.SOFTMAX), XAVIER, new InitSpec.Zeros(), true)),
        LossKind.CROSS_ENTROPY,
        OptimizerSpec.adam(0.01),
        new TrainSpec(10, 4, 1),
        Thresholds.defaults(),
        "t");
  }

  private static INDArray input() {
    return Nd4j.rand(DataType.DOUBLE, 4, 6).subi(0.5).muli(4);
  }

  private static INDArray labels() {
    return Nd4j.createFromArray(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 0, 0}});
  }

  private static Map<String, String> verdicts(GradientChecker.Result r) {
    Map<String, String> v = new LinkedHashMap<>();
    r.params().forEach(p -> v.put(p.name(), p.verdict()));
    return v;
  }

  @Test
  void correctNetworkPasses() {
    Nd4j.getRandom().setSeed(1);
    Network net = NetworkBuilder.build(spec(ActivationKind.TANH), DataType.DOUBLE);
    GradientChecker.Result r =
        GradientChecker.check(net, Loss.of(LossKind.CROSS_ENTROPY), input(), labels(), 0, 1e-5, 1);
    assertTrue(r.passed(), () -> "verdicts " + verdicts(r));
    assertTrue(r.params().stream().allMatch(p -> p.checked() > 0));
  }

  @Test
  void plantedWrongBackwardIsReportedWrong() {
    Nd4j.getRandom().setSeed(2);
    Network net = NetworkBuilder.build(spec(ActivationKind.TANH), DataType.DOUBLE);
    Network buggy = net.withLayer(1, new HalvedWeightGradient((Dense) net.layers().get(1)));
    GradientChecker.Result r =
        GradientChecker.check(
            buggy, Loss.of(LossKind.CROSS_ENTROPY), input(), labels(), 0, 1e-5, 1);
    Map<String, String> v = verdicts(r);
    assertEquals("wrong", v.get("dense_2.W"), v.toString());
    assertEquals("ok", v.get("dense_2.b"), v.toString());
    assertEquals("ok", v.get("dense_3.W"), v.toString());
    assertFalse(r.passed());
  }

  @Test
  void forgottenActivationDerivativeIsReportedMissing() {
    Nd4j.getRandom().setSeed(3);
    Network net = NetworkBuilder.build(spec(ActivationKind.TANH), DataType.DOUBLE);
    Layer dense1 = net.layers().get(0);
    Map<String, INDArray> p = dense1.parameters();
    Network buggy =
        net.withLayer(
            0, new Dense("dense_1", p.get("W"), p.get("b"), new SigmoidWithoutDerivative()));
    GradientChecker.Result r =
        GradientChecker.check(
            buggy, Loss.of(LossKind.CROSS_ENTROPY), input(), labels(), 0, 1e-5, 1);
    Map<String, String> v = verdicts(r);
    assertEquals("missing", v.get("dense_1.W"), v.toString());
    assertEquals("missing", v.get("dense_1.b"), v.toString());
    assertEquals("ok", v.get("dense_2.W"), v.toString());
  }

  /** Test-only bug: dL/dW is half what it should be. */
  private record HalvedWeightGradient(Dense inner) implements Layer {
    public String name() {
      return inner.name();
    }

    public long[] outputShape(long[] inputShape) {
      return inner.outputShape(inputShape);
    }

    public Map<String, INDArray> parameters() {
      return inner.parameters();
    }

    public LayerPass forward(INDArray input, ForwardContext context) {
      LayerPass step = inner.forward(input, context);
      return new LayerPass() {
        public INDArray output() {
          return step.output();
        }

        public Map<String, INDArray> parameters() {
          return step.parameters();
        }

        public INDArray backwardInto(INDArray gradOutput, Map<String, INDArray> into) {
          INDArray gradInput = step.backwardInto(gradOutput, into);
          into.get("W").muli(0.5);
          return gradInput;
        }
      };
    }
  }

  /** Test-only bug: a sigmoid whose author forgot the derivative (returns 0). */
  private record SigmoidWithoutDerivative() implements Activation {
    public String name() {
      return "sigmoid_no_derivative";
    }

    public INDArray apply(INDArray z) {
      return Transforms.sigmoid(z, true);
    }

    public INDArray derivative(INDArray z, INDArray a) {
      return z.ulike().assign(0);
    }

    public double peakDerivative() {
      return 0.25;
    }
  }
}
