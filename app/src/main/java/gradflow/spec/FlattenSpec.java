package gradflow.spec;

/** Reshapes [channels, height, width] to [channels * height * width]; a vector stays as it is. */
public record FlattenSpec() implements LayerSpec {
  static final LayerKind<FlattenSpec> KIND = LayerKind.of("flatten", v -> new FlattenSpec());

  @Override
  public String type() {
    return "flatten";
  }

  @Override
  public long[] outputShape(long[] in) {
    return new long[] {LayerShapes.size(in)};
  }
}
