package gradflow.spec;

/**
 * An activation and its parameter. {@code alpha} is the negative slope of leaky_relu (default
 * 0.2, as in TensorFlow) and the scale of elu (default 1.0); other kinds ignore it.
 */
public record ActivationSpec(ActivationKind kind, double alpha) {
  public static final double DEFAULT_LEAKY_ALPHA = 0.2;
  public static final double DEFAULT_ELU_ALPHA = 1.0;

  public static ActivationSpec of(ActivationKind kind) {
    double alpha =
        switch (kind) {
          case LEAKY_RELU -> DEFAULT_LEAKY_ALPHA;
          case ELU -> DEFAULT_ELU_ALPHA;
          default -> 0.0;
        };
    return new ActivationSpec(kind, alpha);
  }

  public String specName() {
    return kind.specName();
  }
}
