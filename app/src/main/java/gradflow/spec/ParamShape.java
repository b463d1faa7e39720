package gradflow.spec;

/**
 * One parameter a layer owns, as the spec determines it: its name inside the layer ("W", "b",
 * "gamma"), its shape, its initialiser and the fans that scaled initialisers read.
 */
public record ParamShape(String name, long[] shape, InitSpec init, long fanIn, long fanOut) {
  /** Number of scalars, overflow-checked. */
  public long length() {
    return LayerShapes.size(shape);
  }
}
