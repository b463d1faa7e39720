package gradflow.layers;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An activation as a layer of its own: a = f(x) elementwise, so z is the input. Its pass is an
 * {@link ActivatedPass}, so dead, saturated and frozen units and the signal dL/dz are measured on
 * it as on a dense or conv layer's activation.
 */
public final class ActivationLayer implements Layer {
  private final String name;
  private final Activation activation;

  public ActivationLayer(String name, Activation activation) {
    this.name = name;
    this.activation = activation;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public long[] outputShape(long[] inputShape) {
    return inputShape.clone();
  }

  @Override
  public Map<String, INDArray> parameters() {
    return Map.of();
  }

  @Override
  public ActivationPass forward(INDArray input) {
    return new ActivationPass(input, activation.apply(input));
  }

  @Override
  public ActivationPass forward(INDArray input, ForwardContext context) {
    return forward(input);
  }

  /** z (the input), a = f(z), and after backward f'(z) and dL/dz. */
  public final class ActivationPass implements ActivatedPass {
    private final INDArray z;
    private final INDArray a;
    private INDArray derivative;
    private INDArray gradOutput;
    private INDArray gradZ;

    private ActivationPass(INDArray z, INDArray a) {
      this.z = z;
      this.a = a;
    }

    @Override
    public INDArray output() {
      return a;
    }

    @Override
    public INDArray preActivation() {
      return z;
    }

    @Override
    public Activation activation() {
      return activation;
    }

    @Override
    public INDArray activationDerivative() {
      return derivative;
    }

    @Override
    public INDArray gradPreActivation() {
      return gradZ;
    }

    @Override
    public INDArray gradOutput() {
      return gradOutput;
    }

    @Override
    public Map<String, INDArray> parameters() {
      return Map.of();
    }

    /** dL/dx = dL/dz = dL/da f'(z). */
    @Override
    public INDArray backwardInto(INDArray gradOutput, Map<String, INDArray> into) {
      Gradients.requireShape(name, gradOutput, a);
      this.gradOutput = gradOutput;
      derivative = activation.derivative(z, a);
      gradZ = gradOutput.mul(derivative);
      return gradZ;
    }
  }
}
