package gradflow.train;

/**
 * The first NaN or Inf seen in training.
 *
 * @param step 0-based step
 * @param layer name of the first layer involved (input side first for forward values, output side
 *     first for gradients), or "loss"
 * @param where what held it: "parameters", "activations", "loss", "gradients"
 */
public record NonFiniteEvent(int step, String layer, String where) {}
