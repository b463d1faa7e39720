package gradflow.spec;

/**
 * Inverted dropout: in training each value is zeroed with probability {@code rate} and the rest are
 * scaled by 1 / (1 - rate); at test time it is the identity. Keeps the shape.
 */
public record DropoutSpec(double rate) implements LayerSpec {
  public DropoutSpec {
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException("rate must be in [0, 1), found " + rate);
    }
  }

  static final LayerKind<DropoutSpec> KIND =
      LayerKind.of(
          "dropout",
          v -> new DropoutSpec(v.number("rate")),
          Field.requiredFraction(
              "rate",
              "e.g. dropout: {rate: 0.5}",
              "rate is the fraction of values zeroed in training, from 0 up to but not 1"));

  @Override
  public String type() {
    return "dropout";
  }
}
