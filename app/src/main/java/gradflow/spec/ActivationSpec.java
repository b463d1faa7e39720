package gradflow.spec;

/**
 * An activation and its parameters. {@code alpha} is the negative slope of leaky_relu (default 0.2,
 * as in TensorFlow) and the scale of elu (default 1.0); other kinds ignore it. {@code expr} is the
 * formula in {@code x} of an {@link ActivationKind#EXPR} activation ("exp(-x^2)") and null for
 * every other kind.
 */
public record ActivationSpec(ActivationKind kind, double alpha, String expr) {
  public static final double DEFAULT_LEAKY_ALPHA = 0.2;
  public static final double DEFAULT_ELU_ALPHA = 1.0;

  public ActivationSpec {
    if (kind == null) throw new IllegalArgumentException("an activation needs a kind");
    if (kind == ActivationKind.EXPR && (expr == null || expr.isBlank())) {
      throw new IllegalArgumentException("an expr activation needs a formula in x");
    }
    if (kind != ActivationKind.EXPR && expr != null) {
      throw new IllegalArgumentException(kind.specName() + " takes no expression, found " + expr);
    }
  }

  /** A built-in activation; {@code kind} must not be {@link ActivationKind#EXPR}. */
  public ActivationSpec(ActivationKind kind, double alpha) {
    this(kind, alpha, null);
  }

  /** A built-in activation with its default parameters. */
  public static ActivationSpec of(ActivationKind kind) {
    double alpha =
        switch (kind) {
          case LEAKY_RELU -> DEFAULT_LEAKY_ALPHA;
          case ELU -> DEFAULT_ELU_ALPHA;
          default -> 0.0;
        };
    return new ActivationSpec(kind, alpha);
  }

  /** The activation f(x) = {@code source}, e.g. "exp(-x^2)". */
  public static ActivationSpec expr(String source) {
    return new ActivationSpec(ActivationKind.EXPR, 0.0, source);
  }

  /** The name in the spec: "relu", "leaky_relu", "expr". */
  public String specName() {
    return kind.specName();
  }
}
