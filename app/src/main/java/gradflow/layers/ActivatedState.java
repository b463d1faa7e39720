package gradflow.layers;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What every activated layer's pass keeps for the probe: z and a = f(z) from the forward step, and
 * from the backward step the gradient it received at its output (dL/da), f'(z) and dL/dz. The one
 * rule that turns dL/da into dL/dz lives here, in {@link #signal}.
 */
public abstract class ActivatedState implements ActivatedPass {
  private final String layer;
  private final Activation activation;
  private final INDArray z;
  private final INDArray a;
  private INDArray derivative;
  private INDArray gradOutput;
  private INDArray gradZ;

  protected ActivatedState(String layer, Activation activation, INDArray z, INDArray a) {
    this.layer = layer;
    this.activation = activation;
    this.z = z;
    this.a = a;
  }

  /** Checks dL/da against a, keeps it, and returns dL/dz = dL/da * f'(z) (also kept). */
  protected final INDArray signal(INDArray gradOutput) {
    Gradients.requireShape(layer, gradOutput, a);
    this.gradOutput = gradOutput;
    derivative = activation.derivative(z, a);
    gradZ = gradOutput.mul(derivative);
    return gradZ;
  }

  @Override
  public final INDArray output() {
    return a;
  }

  @Override
  public final INDArray preActivation() {
    return z;
  }

  @Override
  public final Activation activation() {
    return activation;
  }

  @Override
  public final INDArray activationDerivative() {
    return derivative;
  }

  @Override
  public final INDArray gradPreActivation() {
    return gradZ;
  }

  @Override
  public final INDArray gradOutput() {
    return gradOutput;
  }
}
