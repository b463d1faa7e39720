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

  @Override
  public String type() {
    return "residual";
  }
}
