package gradflow.spec;

import java.util.List;

/**
 * A layer record with the nodes it came from, so checks across layers (softmax only last, units
 * matching the classes, shapes) can point at the offending value. One document layer under {@code
 * repeat} yields several BoundLayers sharing nodes.
 *
 * @param path "layers[5] (maxout)"
 * @param typeKey the "dense"/"maxout"/... key, where layer-wide problems point
 * @param units the units (or filters) value, or null for layers without one
 * @param activation the activation value, or null for layers without one
 * @param settings the layer's settings map, for checks that point at one of its values
 * @param block a residual block's layers, expanded; empty for other layers
 */
record BoundLayer(
    LayerSpec spec,
    String path,
    SpecNode.Entry typeKey,
    SpecNode units,
    SpecNode activation,
    SpecNode.MapNode settings,
    List<BoundLayer> block) {

  BoundLayer {
    block = List.copyOf(block);
  }

  /** The value of {@code key} in the settings, or null if it was not written. */
  SpecNode setting(String key) {
    for (SpecNode.Entry e : settings.entries()) {
      if (e.key().equals(key)) return e.value();
    }
    return null;
  }
}
