package gradflow.spec;

import java.util.Locale;

/** How a parameter array is initialised. */
public sealed interface InitSpec {
  record Zeros() implements InitSpec {}

  record Constant(double value) implements InitSpec {}

  record Normal(double mean, double std) implements InitSpec {
    public Normal {
      if (!(std >= 0)) throw new IllegalArgumentException("std must be >= 0, found " + std);
    }
  }

  record Uniform(double low, double high) implements InitSpec {
    public Uniform {
      if (!(low <= high))
        throw new IllegalArgumentException(
            "low must not exceed high, found [" + low + ", " + high + "]");
    }
  }

  /** Fan-scaled schemes: Glorot/Xavier (fan_in + fan_out), He and LeCun (fan_in). */
  record Scaled(Scheme scheme) implements InitSpec {}

  enum Scheme {
    XAVIER_UNIFORM,
    XAVIER_NORMAL,
    HE_UNIFORM,
    HE_NORMAL,
    LECUN_NORMAL;

    public String specName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
