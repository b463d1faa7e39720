package gradflow.spec;

import java.util.List;

/** Maxout layer: each of {@code units} outputs is the max over {@code k} affine pieces. */
public record MaxoutSpec(int units, int k, InitSpec init, InitSpec biasInit) implements LayerSpec {
  public MaxoutSpec {
    if (units < 1) throw new IllegalArgumentException("units must be at least 1, found " + units);
    if (k < 2) throw new IllegalArgumentException("k must be at least 2, found " + k);
  }

  static final LayerKind<MaxoutSpec> KIND =
      LayerKind.of(
              "maxout",
              v ->
                  new MaxoutSpec(
                      v.integer("units"), v.integer("k"), v.init("init"), v.init("bias_init")),
              Field.count("units", 1, null),
              Field.count(
                  "k",
                  2,
                  "k is the number of pieces per unit, e.g. k: 2",
                  k ->
                      k == 1
                          ? "with one piece a maxout unit is affine; use `dense`, or set k to 2 or more"
                          : "k is the number of affine pieces each unit takes the max over"),
              Field.init("init", "xavier_uniform"),
              Field.init("bias_init", "zeros"))
          .sizedBy("units");

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
