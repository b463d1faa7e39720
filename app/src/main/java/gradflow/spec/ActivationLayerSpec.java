package gradflow.spec;

/**
 * An activation on its own, a = f(x) elementwise, for where it does not follow a layer that takes
 * one: after batchnorm, after a residual add, or as an imported model has it. Keeps the shape.
 */
public record ActivationLayerSpec(ActivationSpec activation) implements LayerSpec {
  static final LayerKind<ActivationLayerSpec> KIND =
      LayerKind.of(
          "activation",
          v -> new ActivationLayerSpec(v.activation("activation")),
          Field.activation());

  public ActivationLayerSpec {
    if (activation == null) throw new IllegalArgumentException("activation is required");
  }

  @Override
  public String type() {
    return "activation";
  }

  @Override
  public ActivationLayerSpec withActivation(ActivationSpec a) {
    return new ActivationLayerSpec(a);
  }
}
