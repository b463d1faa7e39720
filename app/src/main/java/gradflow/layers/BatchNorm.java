package gradflow.layers;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Batch normalisation (Ioffe and Szegedy, 2015): y = gamma * (x - mu) / sqrt(var + eps) + beta.
 *
 * <p>Shapes: x [n, features], normalised per feature over the batch, or x [n, c, h, w], normalised
 * per channel over (n, h, w); gamma, beta and the running mean and variance have one entry per
 * feature or channel; y is shaped like x. With m values per feature (n, or n h w):
 *
 * <ul>
 *   <li>Training: mu and var are the batch mean and biased batch variance, and the running averages
 *       move towards them (unless {@link ForwardContext#updatesState()} is false, as in a replay),
 *       running = momentum * running + (1 - momentum) * batch, with the unbiased variance var * m /
 *       (m - 1) for the running one as PyTorch does. Training needs m of 2 or more: with one value
 *       the batch variance is 0 and every output is beta.
 *   <li>Inference: mu and var are the running averages, which stay as they are.
 * </ul>
 *
 * <p>Backward, with xhat = (x - mu) / sqrt(var + eps) and g = dL/dy gamma, sums and means over the
 * m values: dL/dgamma = sum(dL/dy xhat), dL/dbeta = sum(dL/dy); in training, through mu and var,
 * dL/dx = (g - mean(g) - xhat mean(g xhat)) / sqrt(var + eps); at inference, dL/dx = g / sqrt(var +
 * eps).
 *
 * <p>The running averages are state, not parameters: {@link #parameters()} holds gamma and beta
 * only. The layer owns the running arrays, which live outside any ND4J workspace and are updated in
 * place by each training forward pass that updates state.
 */
public final class BatchNorm implements Layer {
  private final String name;
  private final INDArray gamma;
  private final INDArray beta;
  private final INDArray runningMean;
  private final INDArray runningVar;
  private final double momentum;
  private final double epsilon;

  /**
   * @param gamma scale, one entry per feature or channel (typically a view into the flat buffer)
   * @param runningMean running mean, same length, detached from any workspace; written in place
   * @param runningVar running variance, same length, detached from any workspace; written in place
   * @param momentum weight of the old running value, in [0, 1) (0.9 is usual)
   * @param epsilon added to the variance before the square root, positive (1e-5 is usual)
   */
  public BatchNorm(
      String name,
      INDArray gamma,
      INDArray beta,
      INDArray runningMean,
      INDArray runningVar,
      double momentum,
      double epsilon) {
    long features = gamma.length();
    checkVector(name, "beta", beta, features);
    checkVector(name, "runningMean", runningMean, features);
    checkVector(name, "runningVar", runningVar, features);
    for (INDArray a : new INDArray[] {beta, runningMean, runningVar})
      if (a.dataType() != gamma.dataType())
        throw new IllegalArgumentException(
            name + ": gamma is " + gamma.dataType() + ", found an array of " + a.dataType());
    if (runningMean.isAttached() || runningVar.isAttached())
      throw new IllegalArgumentException(
          name + ": running statistics must be allocated outside any ND4J workspace");
    // as BatchNormSpec: with momentum 1 the running averages would never move from 0 and 1
    if (!(momentum >= 0 && momentum < 1))
      throw new IllegalArgumentException(name + ": momentum must be in [0, 1), found " + momentum);
    if (!(epsilon > 0))
      throw new IllegalArgumentException(name + ": epsilon must be positive, found " + epsilon);
    this.name = name;
    this.gamma = gamma;
    this.beta = beta;
    this.runningMean = runningMean;
    this.runningVar = runningVar;
    this.momentum = momentum;
    this.epsilon = epsilon;
  }

  /** With fresh running statistics: mean 0 and variance 1, allocated outside any workspace. */
  public BatchNorm(String name, INDArray gamma, INDArray beta, double momentum, double epsilon) {
    this(name, gamma, beta, detached(gamma, 0.0), detached(gamma, 1.0), momentum, epsilon);
  }

  private static INDArray detached(INDArray like, double value) {
    try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      return Nd4j.zeros(like.dataType(), like.length()).assign(value);
    }
  }

  private static void checkVector(String name, String what, INDArray a, long features) {
    if (a.length() != features)
      throw new IllegalArgumentException(
          name + ": " + what + " has " + a.length() + " entries, gamma has " + features);
  }

  @Override
  public String name() {
    return name;
  }

  /** Features (rank-2 input) or channels (rank-4 input) normalised. */
  public long features() {
    return gamma.length();
  }

  public double momentum() {
    return momentum;
  }

  public double epsilon() {
    return epsilon;
  }

  /** The running mean the layer owns; read it, don't write it. */
  public INDArray runningMean() {
    return runningMean;
  }

  /** The running (unbiased) variance the layer owns; read it, don't write it. */
  public INDArray runningVar() {
    return runningVar;
  }

  @Override
  public long[] outputShape(long[] inputShape) {
    if (inputShape.length != 1 && inputShape.length != 3)
      throw new IllegalArgumentException(
          name
              + ": input must be [features] or [channels, height, width], found "
              + Arrays.toString(inputShape));
    if (inputShape[0] != features())
      throw new IllegalArgumentException(
          name
              + ": input "
              + Arrays.toString(inputShape)
              + " has "
              + inputShape[0]
              + (inputShape.length == 1 ? " features" : " channels")
              + ", gamma has "
              + features());
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
  public BatchNormPass forward(INDArray input) {
    return forward(input, ForwardContext.training(0));
  }

  @Override
  public BatchNormPass forward(INDArray input, ForwardContext context) {
    INDArray x = toRows(input);
    long m = x.rows();
    INDArray mu;
    INDArray var;
    if (context.training()) {
      if (m < 2)
        throw new IllegalArgumentException(
            name
                + ": training needs at least 2 values per feature, found input "
                + Arrays.toString(input.shape()));
      mu = x.mean(0);
      INDArray centred = x.subRowVector(mu);
      var = centred.mul(centred).mean(0); // biased, as the normalisation uses it
      if (context.updatesState()) updateRunningStatistics(mu, var, m);
    } else {
      mu = vector(runningMean);
      var = vector(runningVar);
    }
    INDArray invStd = Transforms.pow(var.add(epsilon), -0.5, false);
    INDArray xhat = x.subRowVector(mu).muliRowVector(invStd);
    INDArray y = xhat.mulRowVector(vector(gamma)).addiRowVector(vector(beta));
    return new BatchNormPass(
        input.shape(), xhat, invStd, context.training(), fromRows(y, input.shape()));
  }

  /** running = momentum * running + (1 - momentum) * batch, unbiased variance; in place. */
  private void updateRunningStatistics(INDArray mu, INDArray var, long m) {
    double unbias = m / (m - 1.0);
    runningMean.assign(
        runningMean.mul(momentum).addi(mu.reshape(runningMean.shape()).mul(1 - momentum)));
    runningVar.assign(
        runningVar
            .mul(momentum)
            .addi(var.reshape(runningVar.shape()).mul((1 - momentum) * unbias)));
  }

  /** [n, f] as is; [n, c, h, w] as [n h w, c], one row per (example, position). */
  private INDArray toRows(INDArray input) {
    if (input.rank() == 2) {
      checkFeatures(input, input.columns());
      return input;
    }
    if (input.rank() == 4) {
      checkFeatures(input, input.size(1));
      long c = input.size(1);
      return input.permute(0, 2, 3, 1).dup('c').reshape(input.length() / c, c);
    }
    throw new IllegalArgumentException(
        name
            + ": input must be [n, features] or [n, c, h, w], found "
            + Arrays.toString(input.shape()));
  }

  private void checkFeatures(INDArray input, long found) {
    if (found != features())
      throw new IllegalArgumentException(
          name
              + ": input "
              + Arrays.toString(input.shape())
              + " has "
              + found
              + (input.rank() == 2 ? " features" : " channels")
              + ", gamma has "
              + features());
  }

  /** The inverse of {@link #toRows} for an input of shape {@code shape}. */
  private static INDArray fromRows(INDArray rows, long[] shape) {
    if (shape.length == 2) return rows;
    return rows.reshape(shape[0], shape[2], shape[3], shape[1]).permute(0, 3, 1, 2).dup('c');
  }

  private static INDArray vector(INDArray a) {
    return a.rank() == 1 ? a : a.reshape(a.length());
  }

  /** Saved state of one pass: xhat [m, f] and 1 / sqrt(var + eps) [f]. */
  public final class BatchNormPass implements LayerPass {
    private final long[] inputShape;
    private final INDArray xhat;
    private final INDArray invStd;
    private final boolean training;
    private final INDArray y;

    private BatchNormPass(
        long[] inputShape, INDArray xhat, INDArray invStd, boolean training, INDArray y) {
      this.inputShape = inputShape;
      this.xhat = xhat;
      this.invStd = invStd;
      this.training = training;
      this.y = y;
    }

    @Override
    public INDArray output() {
      return y;
    }

    @Override
    public Map<String, INDArray> parameters() {
      return BatchNorm.this.parameters();
    }

    @Override
    public INDArray backwardInto(INDArray gradOutput, Map<String, INDArray> into) {
      Gradients.requireShape(name, gradOutput, y);
      INDArray gradY = toRows(gradOutput);
      into.get("gamma").assign(gradY.mul(xhat).sum(0).reshape(gamma.shape()));
      into.get("beta").assign(gradY.sum(0).reshape(beta.shape()));
      INDArray g = gradY.mulRowVector(vector(gamma));
      if (training) {
        // through mu and var: g - mean(g) - xhat * mean(g * xhat)
        INDArray meanGXhat = g.mul(xhat).mean(0);
        g.subiRowVector(g.mean(0)).subi(xhat.mulRowVector(meanGXhat));
      }
      INDArray gradX = g.muliRowVector(invStd);
      return fromRows(gradX, inputShape);
    }
  }
}
