package gradflow.spec;

import java.util.List;

/** One layer of the spec after {@code repeat} expansion. */
public sealed interface LayerSpec
    permits DenseSpec,
        MaxoutSpec,
        Conv2dSpec,
        MaxPool2dSpec,
        AvgPool2dSpec,
        FlattenSpec,
        BatchNormSpec,
        LayerNormSpec,
        ActivationLayerSpec,
        DropoutSpec,
        ResidualSpec {
  /** Short type name as written in the spec: "dense", "maxout", "conv2d", "residual"... */
  String type();

  /**
   * The shape this layer outputs for input shape {@code in} (both without the batch axis:
   * [features] or [channels, height, width]); IllegalArgumentException when it cannot take {@code
   * in}, ArithmeticException when a size overflows. Shape-keeping layers keep this default.
   */
  default long[] outputShape(long[] in) {
    return in.clone();
  }

  /** The parameters the layer itself owns for input shape {@code in}, in build order. */
  default List<ParamShape> parameters(long[] in) {
    return List.of();
  }

  /** The layer's activation, or null for a layer that has none of its own. */
  default ActivationSpec activation() {
    return null;
  }

  /** The weights' initialiser, or null for a layer without weights of its own. */
  default InitSpec init() {
    return null;
  }

  /** This layer with activation {@code a} where it has one (a residual block: in its layers). */
  default LayerSpec withActivation(ActivationSpec a) {
    return this;
  }

  /** This layer with weight initialiser {@code init} where it has weights (as withActivation). */
  default LayerSpec withInit(InitSpec init) {
    return this;
  }
}
