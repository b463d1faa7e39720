package gradflow.model;

import gradflow.spec.LayerShapes;
import gradflow.spec.LayerSpec;

/**
 * Output shapes of layers (without the batch axis), by {@link LayerShapes}. The spec reader already
 * rejected impossible shapes with a located error; for specs built in code these throw
 * IllegalArgumentException naming the layer.
 */
final class Shapes {
  private Shapes() {}

  static long size(long[] shape) {
    return LayerShapes.size(shape);
  }

  static long[] output(LayerSpec layer, long[] in, String name) {
    try {
      return LayerShapes.output(layer, in);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
  }
}
