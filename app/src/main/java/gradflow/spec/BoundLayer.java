package gradflow.spec;

/**
 * A layer record with the nodes it came from, so checks across layers (softmax only last, units
 * matching the classes) can point at the offending value. One document layer under {@code repeat}
 * yields several BoundLayers sharing nodes.
 *
 * @param path "layers[5] (maxout)"
 * @param typeKey the "dense"/"maxout" key, where layer-wide problems point
 * @param units the units value
 * @param activation the activation value, or null for layers without one
 */
record BoundLayer(
    LayerSpec spec, String path, SpecNode.Entry typeKey, SpecNode units, SpecNode activation) {}
