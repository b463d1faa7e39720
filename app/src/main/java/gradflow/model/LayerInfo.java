package gradflow.model;

/**
 * What reports say about a layer, without ND4J: 1-based index from the input side (spec order after
 * repeat), name ("dense_3"), type, activation name ("" for maxout), units and pieces (1 for dense).
 */
public record LayerInfo(
    int index, String name, String type, String activation, int units, int pieces) {}
