package gradflow.spec;

/** Fully connected layer: a = f(x W + b). {@code bias} false drops b entirely. */
public record DenseSpec(
    int units, ActivationSpec activation, InitSpec init, InitSpec biasInit, boolean bias)
    implements LayerSpec {
  public DenseSpec {
    if (units < 1) throw new IllegalArgumentException("units must be at least 1, found " + units);
  }

  @Override
  public String type() {
    return "dense";
  }
}
