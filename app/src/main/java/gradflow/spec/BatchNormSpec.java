package gradflow.spec;

import java.util.List;

/**
 * Batch normalisation (Ioffe and Szegedy, 2015): y = gamma (x - mean) / sqrt(var + epsilon) + beta,
 * per feature (per channel for images), with batch statistics in training and running averages,
 * updated as running = momentum * running + (1 - momentum) * batch, at test time. Keeps the shape.
 */
public record BatchNormSpec(double momentum, double epsilon) implements LayerSpec {
  public static final double DEFAULT_MOMENTUM = 0.9;
  public static final double DEFAULT_EPSILON = 1e-5;

  public BatchNormSpec {
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("momentum must be in [0, 1), found " + momentum);
    }
    if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
      throw new IllegalArgumentException("epsilon must be greater than 0, found " + epsilon);
    }
  }

  static final LayerKind<BatchNormSpec> KIND =
      LayerKind.of(
          "batchnorm",
          v -> new BatchNormSpec(v.number("momentum"), v.number("epsilon")),
          Field.fraction(
              "momentum",
              DEFAULT_MOMENTUM,
              "the running averages keep this share of their old value each step; typically 0.9"
                  + " to 0.99"),
          Field.positive(
              "epsilon",
              DEFAULT_EPSILON,
              "epsilon keeps the division away from zero; typically 1e-5"));

  @Override
  public String type() {
    return "batchnorm";
  }

  /** gamma and beta, one per feature (channel for images), starting at 1 and 0. */
  @Override
  public List<ParamShape> parameters(long[] in) {
    return List.of(
        new ParamShape("gamma", new long[] {in[0]}, new InitSpec.Constant(1.0), 1, 1),
        new ParamShape("beta", new long[] {in[0]}, new InitSpec.Zeros(), 1, 1));
  }
}
