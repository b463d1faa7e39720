package gradflow.spec;

/** Maxout layer: each of {@code units} outputs is the max over {@code k} affine pieces. */
public record MaxoutSpec(int units, int k, InitSpec init, InitSpec biasInit) implements LayerSpec {
  public MaxoutSpec {
    if (units < 1) throw new IllegalArgumentException("units must be at least 1, found " + units);
    if (k < 2) throw new IllegalArgumentException("k must be at least 2, found " + k);
  }

  @Override
  public String type() {
    return "maxout";
  }
}
