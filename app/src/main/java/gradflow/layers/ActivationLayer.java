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
  public final class ActivationPass extends ActivatedState {
    private ActivationPass(INDArray z, INDArray a) {
      super(name, activation, z, a);
    }

    @Override
    public Map<String, INDArray> parameters() {
      return Map.of();
    }

    /** dL/dx = dL/dz = dL/da f'(z). */
    @Override
    public INDArray backwardInto(INDArray gradOutput, Map<String, INDArray> into) {
      return signal(gradOutput);
    }
  }
}
