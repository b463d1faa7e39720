package gradflow.spec;

import java.util.List;

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

  @Override
  public MaxoutSpec withInit(InitSpec i) {
    return new MaxoutSpec(units, k, i, biasInit);
  }

  @Override
  public long[] outputShape(long[] in) {
    return new long[] {units};
  }

  /** W [in, units * k] and b [units * k]: column u * k + j is piece j of unit u; fans per piece. */
  @Override
  public List<ParamShape> parameters(long[] in) {
    long fanIn = LayerShapes.size(in);
    long columns = Math.multiplyExact((long) units, k);
    return List.of(
        new ParamShape("W", new long[] {fanIn, columns}, init, fanIn, units),
        new ParamShape("b", new long[] {columns}, biasInit, fanIn, units));
  }
}
