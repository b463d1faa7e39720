package gradflow.model;

import gradflow.spec.LayerSpec;
import java.util.List;

/**
 * One layer of a network before its parameters exist: its spec, name, 1-based index (spec order, a
 * residual block before its inner layers), the shapes around it (without the batch axis) and, for a
 * residual block, its inner plans.
 */
record LayerPlan(
    LayerSpec spec,
    String name,
    int index,
    long[] inputShape,
    long[] outputShape,
    List<LayerPlan> inner) {
  /** Units as diagnostics count them: features of a vector, channels of an image. */
  int units() {
    return (int) outputShape[0];
  }
}
