package gradflow.spec;

import java.util.List;

/**
 * Layer normalisation (Ba, Kiros and Hinton, 2016): y = gamma (x - mean) / sqrt(var + epsilon) +
 * beta, with mean and variance over each example's features (all of [c, h, w] for an image), the
 * same in training and at test time. gamma and beta have the example's shape. Keeps the shape.
 */
public record LayerNormSpec(double epsilon) implements LayerSpec {
  static final LayerKind<LayerNormSpec> KIND =
      LayerKind.of(
          "layernorm",
          v -> new LayerNormSpec(v.number("epsilon")),
          Field.positive(
              "epsilon",
              BatchNormSpec.DEFAULT_EPSILON,
              "epsilon keeps the division away from zero; typically 1e-5"));

  public LayerNormSpec {
    if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
      throw new IllegalArgumentException("epsilon must be greater than 0, found " + epsilon);
    }
  }

  @Override
  public String type() {
    return "layernorm";
  }

  /** gamma and beta, shaped like one example, starting at 1 and 0. */
  @Override
  public List<ParamShape> parameters(long[] in) {
    return List.of(
        new ParamShape("gamma", in.clone(), new InitSpec.Constant(1.0), 1, 1),
        new ParamShape("beta", in.clone(), new InitSpec.Zeros(), 1, 1));
  }
}
