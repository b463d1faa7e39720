package gradflow.spec;

import java.util.List;

/** Fully connected layer: a = f(x W + b). {@code bias} false drops b entirely. */
public record DenseSpec(
    int units, ActivationSpec activation, InitSpec init, InitSpec biasInit, boolean bias)
    implements LayerSpec {
  public DenseSpec {
    if (units < 1) throw new IllegalArgumentException("units must be at least 1, found " + units);
  }

  static final LayerKind<DenseSpec> KIND =
      LayerKind.of(
              "dense",
              v ->
                  new DenseSpec(
                      v.integer("units"),
                      v.activation("activation"),
                      v.init("init"),
                      v.init("bias_init"),
                      v.bool("bias")),
              Field.count("units", 1, null),
              Field.activation(),
              Field.init("init", "xavier_uniform"),
              Field.init("bias_init", "zeros"),
              Field.bool("bias", true))
          .sizedBy("units");

  @Override
  public String type() {
    return "dense";
  }

  @Override
  public DenseSpec withActivation(ActivationSpec a) {
    return new DenseSpec(units, a, init, biasInit, bias);
  }

  @Override
  public DenseSpec withInit(InitSpec i) {
    return new DenseSpec(units, activation, i, biasInit, bias);
  }

  @Override
  public long[] outputShape(long[] in) {
    return new long[] {units};
  }

  /** W [in, units] and b [units] (with bias), {@code in} the input's size (images flatten). */
  @Override
  public List<ParamShape> parameters(long[] in) {
    long fanIn = LayerShapes.size(in);
    ParamShape w = new ParamShape("W", new long[] {fanIn, units}, init, fanIn, units);
    if (!bias) return List.of(w);
    return List.of(w, new ParamShape("b", new long[] {units}, biasInit, fanIn, units));
  }
}
