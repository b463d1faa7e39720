package gradflow.spec;

import java.util.List;

/**
 * A residual block (He et al., 2016): y = x + block(x), where {@code layers} (expanded, input side
 * first; blocks may nest) must end with the shape they start with.
 */
public record ResidualSpec(List<LayerSpec> layers) implements LayerSpec {
  public ResidualSpec {
    layers = List.copyOf(layers);
    if (layers.isEmpty()) throw new IllegalArgumentException("a residual block needs a layer");
  }

  static final LayerKind<ResidualSpec> KIND =
      LayerKind.of(
          "residual",
          v -> new ResidualSpec(v.layers("layers")),
          Field.layers("write residual: {layers: [...]}, listing the block's layers"));

  @Override
  public String type() {
    return "residual";
  }

  /**
   * The input's shape: y = x + block(x). That the block maps the shape to itself is checked layer
   * by layer where the block is walked (the spec's shape checks and the network builder).
   */
  @Override
  public ResidualSpec withActivation(ActivationSpec a) {
    return new ResidualSpec(layers.stream().map(l -> l.withActivation(a)).toList());
  }

  @Override
  public ResidualSpec withInit(InitSpec init) {
    return new ResidualSpec(layers.stream().map(l -> l.withInit(init)).toList());
  }

  @Override
  public long[] outputShape(long[] in) {
    return in.clone();
  }
}
