package gradflow.layers;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Layer normalisation (Ba, Kiros and Hinton, 2016): y = gamma * (x - mu) / sqrt(var + eps) + beta,
 * mu and the biased var taken over each example's d features (x [n, d], or [n, c, h, w] with d = c
 * h w), so training and inference agree and there is no state. gamma and beta hold d entries.
 *
 * <p>Backward, with xhat = (x - mu) / sqrt(var + eps), g = dL/dy gamma and means over an example's
 * d features: dL/dx = (g - mean(g) - xhat mean(g xhat)) / sqrt(var + eps); dL/dgamma = sum over the
 * batch of dL/dy xhat, dL/dbeta = sum of dL/dy.
 */
public final class LayerNorm implements Layer {
  private final String name;
  private final INDArray gamma;
  private final INDArray beta;
  private final double epsilon;

  /**
   * @param gamma scale, one entry per feature of an example (any shape with that many entries)
   * @param epsilon added to the variance before the square root, positive (1e-5 is usual)
   */
  public LayerNorm(String name, INDArray gamma, INDArray beta, double epsilon) {
    if (beta.length() != gamma.length())
      throw new IllegalArgumentException(
          name + ": beta has " + beta.length() + " entries, gamma has " + gamma.length());
    if (!(epsilon > 0))
      throw new IllegalArgumentException(name + ": epsilon must be positive, found " + epsilon);
    this.name = name;
    this.gamma = gamma;
    this.beta = beta;
    this.epsilon = epsilon;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public long[] outputShape(long[] inputShape) {
    long d = 1;
    for (long s : inputShape) d *= s;
    if (d != gamma.length())
      throw new IllegalArgumentException(
          name
              + ": input "
              + Arrays.toString(inputShape)
              + " has "
              + d
              + " features, gamma has "
              + gamma.length());
    return inputShape.clone();
  }

  @Override
  public Map<String, INDArray> parameters() {
    Map<String, INDArray> params = new LinkedHashMap<>();
    params.put("gamma", gamma);
    params.put("beta", beta);
    return params;
  }

  @Override
  public LayerNormPass forward(INDArray input) {
    INDArray x = rows(input);
    INDArray mu = x.mean(1);
    INDArray centred = x.subColumnVector(mu);
    INDArray var = centred.mul(centred).mean(1);
    INDArray invStd = Transforms.pow(var.addi(epsilon), -0.5, false);
    INDArray xhat = centred.muliColumnVector(invStd);
    INDArray y = xhat.mulRowVector(vector(gamma)).addiRowVector(vector(beta));
    return new LayerNormPass(input.shape(), xhat, invStd, y.reshape(input.shape()));
  }

  @Override
  public LayerNormPass forward(INDArray input, ForwardContext context) {
    return forward(input); // no state and no randomness: every mode is the same
  }

  /** One row of d features per example. */
  private INDArray rows(INDArray input) {
    long n = input.size(0);
    if (input.length() != n * gamma.length())
      throw new IllegalArgumentException(
          name
              + ": input "
              + Arrays.toString(input.shape())
              + " does not have "
              + gamma.length()
              + " features per example");
    return input.dup('c').reshape(n, gamma.length());
  }

  private static INDArray vector(INDArray a) {
    return a.reshape(a.length());
  }

  /** Saved state of one pass: xhat [n, d] and 1 / sqrt(var + eps) [n]. */
  public final class LayerNormPass implements LayerPass {
    private final long[] inputShape;
    private final INDArray xhat;
    private final INDArray invStd;
    private final INDArray y;

    private LayerNormPass(long[] inputShape, INDArray xhat, INDArray invStd, INDArray y) {
      this.inputShape = inputShape;
      this.xhat = xhat;
      this.invStd = invStd;
      this.y = y;
    }

    @Override
    public INDArray output() {
      return y;
    }

    @Override
    public Map<String, INDArray> parameters() {
      return LayerNorm.this.parameters();
    }

    @Override
    public INDArray backwardInto(INDArray gradOutput, Map<String, INDArray> into) {
      Gradients.requireShape(name, gradOutput, y);
      INDArray gradY = gradOutput.dup('c').reshape(xhat.shape());
      into.get("gamma").assign(gradY.mul(xhat).sum(0).reshape(gamma.shape()));
      into.get("beta").assign(gradY.sum(0).reshape(beta.shape()));
      INDArray g = gradY.mulRowVector(vector(gamma));
      INDArray meanGXhat = g.mul(xhat).mean(1);
      g.subiColumnVector(g.mean(1)).subi(xhat.mulColumnVector(meanGXhat));
      return g.muliColumnVector(invStd).reshape(inputShape);
    }
  }
}
