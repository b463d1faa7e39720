package gradflow.layers;

import gradflow.spec.ActivationSpec;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The built-in activations. Rules at kinks: relu'(0) = 0 and leaky_relu'(0) = alpha (z > 0 is
 * "active"). gelu uses the tanh approximation of Hendrycks and Gimpel (2016), as TensorFlow's
 * approximate gelu does, with its exact derivative. softmax is handled by the loss: as a layer
 * activation it is the identity on the logits.
 */
public final class Activations {
  private static final double SELU_ALPHA = 1.6732632423543772;
  private static final double SELU_SCALE = 1.0507009873554805;
  private static final double GELU_C = Math.sqrt(2 / Math.PI);

  private Activations() {}

  public static Activation of(ActivationSpec spec) {
    double alpha = spec.alpha();
    return switch (spec.kind()) {
      case SIGMOID -> new Sigmoid();
      case TANH -> new Tanh();
      case RELU -> new Relu();
      case LEAKY_RELU -> new LeakyRelu(alpha);
      case ELU -> new Elu(alpha);
      case SELU -> new Selu();
      case SWISH -> new Swish();
      case GELU -> new Gelu();
      case LINEAR -> new Identity("linear");
      case SOFTMAX -> new Identity("softmax");
      case EXPR -> gradflow.layers.expr.ExprActivation.parse(spec.expr());
    };
  }

  /** 1 where z > 0, else 0, in z's data type: one step op (no boolean array and cast). */
  static INDArray positive(INDArray z) {
    return Transforms.step(z, true);
  }

  record Sigmoid() implements Activation {
    public String name() {
      return "sigmoid";
    }

    public INDArray apply(INDArray z) {
      return Transforms.sigmoid(z, true);
    }

    public INDArray derivative(INDArray z, INDArray a) {
      return a.rsub(1.0).muli(a); // a (1 - a)
    }

    public double peakDerivative() {
      return 0.25;
    }

    public boolean canSaturate() {
      return true;
    }
  }

  record Tanh() implements Activation {
    public String name() {
      return "tanh";
    }

    public INDArray apply(INDArray z) {
      return Transforms.tanh(z, true);
    }

    public INDArray derivative(INDArray z, INDArray a) {
      return a.mul(a).rsubi(1.0); // 1 - a^2
    }

    public double peakDerivative() {
      return 1.0;
    }

    public boolean canSaturate() {
      return true;
    }
  }

  record Relu() implements Activation {
    public String name() {
      return "relu";
    }

    public INDArray apply(INDArray z) {
      return Transforms.relu(z, true);
    }

    public INDArray derivative(INDArray z, INDArray a) {
      return positive(z);
    }

    public double peakDerivative() {
      return 1.0;
    }

    public boolean canDie() {
      return true;
    }
  }

  record LeakyRelu(double alpha) implements Activation {
    public String name() {
      return "leaky_relu";
    }

    public INDArray apply(INDArray z) {
      return Transforms.leakyRelu(z, alpha, true);
    }

    public INDArray derivative(INDArray z, INDArray a) {
      return positive(z).muli(1.0 - alpha).addi(alpha); // 1 above 0, alpha at or below
    }

    public boolean hasKinkAtZero() {
      return true;
    }

    public double peakDerivative() {
      return Math.max(1.0, alpha);
    }
  }

  /** elu: z for z > 0, alpha (e^z - 1) otherwise; f' = 1 or a + alpha. */
  record Elu(double alpha) implements Activation {
    public String name() {
      return "elu";
    }

    public INDArray apply(INDArray z) {
      INDArray pos = positive(z);
      INDArray neg = Transforms.exp(Transforms.min(z, 0.0, true), false).subi(1.0).muli(alpha);
      return z.mul(pos).addi(neg.muli(pos.rsub(1.0)));
    }

    public INDArray derivative(INDArray z, INDArray a) {
      INDArray pos = positive(z);
      return a.add(alpha).muli(pos.rsub(1.0)).addi(pos);
    }

    public boolean hasKinkAtZero() {
      return true; // the slope jumps at 0 (alpha vs 1)
    }

    public double peakDerivative() {
      return Math.max(1.0, alpha);
    }
  }

  /** selu: scale * elu_alpha(z) with the self-normalising constants of Klambauer et al. (2017). */
  record Selu() implements Activation {
    public String name() {
      return "selu";
    }

    public INDArray apply(INDArray z) {
      return new Elu(SELU_ALPHA).apply(z).muli(SELU_SCALE);
    }

    public INDArray derivative(INDArray z, INDArray a) {
      INDArray pos = positive(z);
      // z <= 0: a = scale * alpha (e^z - 1), so f' = a + scale * alpha
      return a.add(SELU_SCALE * SELU_ALPHA).muli(pos.rsub(1.0)).addi(pos.muli(SELU_SCALE));
    }

    public boolean hasKinkAtZero() {
      return true; // the slope jumps at 0 (alpha vs 1)
    }

    public double peakDerivative() {
      return SELU_SCALE * SELU_ALPHA;
    }
  }

  /** swish (SiLU): z sigmoid(z); f' = s + a (1 - s). */
  record Swish() implements Activation {
    public String name() {
      return "swish";
    }

    public INDArray apply(INDArray z) {
      return Transforms.sigmoid(z, true).muli(z);
    }

    public INDArray derivative(INDArray z, INDArray a) {
      INDArray s = Transforms.sigmoid(z, true);
      return s.rsub(1.0).muli(a).addi(s);
    }

    public double peakDerivative() {
      return 1.09984; // 1.0998393 at z ~ 2.3994, rounded up so it bounds f'
    }
  }

  /** gelu (tanh approximation): 0.5 z (1 + tanh(c (z + 0.044715 z^3))), c = sqrt(2 / pi). */
  record Gelu() implements Activation {
    public String name() {
      return "gelu";
    }

    private static INDArray inner(INDArray z) {
      return z.mul(z).muli(0.044715).addi(1.0).muli(z).muli(GELU_C);
    }

    public INDArray apply(INDArray z) {
      return Transforms.tanh(inner(z), false).addi(1.0).muli(z).muli(0.5);
    }

    public INDArray derivative(INDArray z, INDArray a) {
      INDArray t = Transforms.tanh(inner(z), false);
      // 0.5 (1 + t) + 0.5 z (1 - t^2) c (1 + 3 * 0.044715 z^2)
      INDArray dInner = z.mul(z).muli(3 * 0.044715).addi(1.0).muli(GELU_C);
      INDArray sech2 = t.mul(t).rsubi(1.0);
      return sech2.muli(dInner).muli(z).muli(0.5).addi(t.addi(1.0).muli(0.5));
    }

    public double peakDerivative() {
      return 1.129;
    }
  }

  /** The identity; also the stand-in for softmax, which the cross-entropy loss applies. */
  record Identity(String name) implements Activation {
    public INDArray apply(INDArray z) {
      return z.dup();
    }

    public INDArray derivative(INDArray z, INDArray a) {
      return z.ulike().assign(1.0);
    }

    public double peakDerivative() {
      return 1.0;
    }
  }
}
