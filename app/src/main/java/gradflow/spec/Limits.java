package gradflow.spec;

/**
 * Caps on what a spec may ask for, each documented in docs/spec.md ("Limits"), and where a size
 * problem is reported: at the setting that made the size.
 */
public final class Limits {
  /**
   * Most values in one array: input features, one layer's output per example, all parameters
   * together (the builder lays them out in one Java array), synthetic samples x input features.
   */
  public static final long MAX_VALUES = Integer.MAX_VALUE - 8;

  /** Most layers after repeat expansion, residual blocks' inner layers included. */
  public static final int MAX_LAYERS = 10_000;

  private Limits() {}

  /** The setting that makes a layer big: units, the larger of units and k, filters or kernel. */
  static SpecNode culprit(BoundLayer layer) {
    LayerSpec spec = layer.spec();
    if (spec instanceof MaxoutSpec m && m.k() > m.units() && layer.setting("k") != null)
      return layer.setting("k");
    if (spec instanceof Conv2dSpec c
        && (long) c.kernelH() * c.kernelW() > c.filters()
        && layer.setting("kernel") != null) return layer.setting("kernel");
    if (layer.units() != null) return layer.units();
    return layer.settings().entries().isEmpty() ? layer.typeKey().value() : layer.settings();
  }

  /** How to make a layer smaller. */
  static String hint(BoundLayer layer) {
    LayerSpec spec = layer.spec();
    if (spec instanceof MaxoutSpec) return "lower k or units";
    if (spec instanceof Conv2dSpec)
      return "lower filters or kernel, or downsample before this layer";
    if (spec instanceof DenseSpec) return "lower units, or downsample the input before this layer";
    return "make the layers before it smaller";
  }
}
