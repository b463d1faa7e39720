package gradflow.model;

/**
 * What reports say about a layer, without ND4J: 1-based index from the input side (spec order after
 * repeat), name ("dense_3"), type, activation name ("" for maxout), units, pieces (1 for dense) and
 * alpha, the parameter of the layer's own activation (leaky_relu's slope, elu's scale; NaN for
 * other activations and layers without one). Inner layers of a residual block have their own info,
 * so their alpha is theirs, not the block's.
 */
public record LayerInfo(
    int index, String name, String type, String activation, int units, int pieces, double alpha) {

  /** A layer whose activation takes no parameter. */
  public LayerInfo(int index, String name, String type, String activation, int units, int pieces) {
    this(index, name, type, activation, units, pieces, Double.NaN);
  }
}
