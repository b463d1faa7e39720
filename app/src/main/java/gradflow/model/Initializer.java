package gradflow.model;

import gradflow.spec.InitSpec;
import java.util.SplittableRandom;

/**
 * Fills parameter values from an {@link InitSpec}, drawing from a seeded Java RNG so the same seed
 * gives the same network on any backend. Fan-scaled schemes: Glorot/Xavier uniform limit sqrt(6 /
 * (fan_in + fan_out)), normal std sqrt(2 / (fan_in + fan_out)); He uniform limit sqrt(6 / fan_in),
 * normal std sqrt(2 / fan_in); LeCun normal std sqrt(1 / fan_in). Normals are untruncated.
 */
final class Initializer {
  private Initializer() {}

  static double[] values(InitSpec init, int count, int fanIn, int fanOut, SplittableRandom rng) {
    double[] v = new double[count];
    if (init instanceof InitSpec.Constant c) {
      java.util.Arrays.fill(v, c.value());
    } else if (init instanceof InitSpec.Normal n) {
      fillNormal(v, n.mean(), n.std(), rng);
    } else if (init instanceof InitSpec.Uniform u) {
      fillUniform(v, u.low(), u.high(), rng);
    } else if (init instanceof InitSpec.Scaled s) {
      switch (s.scheme()) {
        case XAVIER_UNIFORM -> fillUniform(v, Math.sqrt(6.0 / (fanIn + fanOut)), rng);
        case XAVIER_NORMAL -> fillNormal(v, 0, Math.sqrt(2.0 / (fanIn + fanOut)), rng);
        case HE_UNIFORM -> fillUniform(v, Math.sqrt(6.0 / fanIn), rng);
        case HE_NORMAL -> fillNormal(v, 0, Math.sqrt(2.0 / fanIn), rng);
        case LECUN_NORMAL -> fillNormal(v, 0, Math.sqrt(1.0 / fanIn), rng);
      }
    } // Zeros: the array is already 0
    return v;
  }

  private static void fillUniform(double[] v, double low, double high, SplittableRandom rng) {
    for (int i = 0; i < v.length; i++) v[i] = low + (high - low) * rng.nextDouble();
  }

  private static void fillUniform(double[] v, double limit, SplittableRandom rng) {
    fillUniform(v, -limit, limit, rng);
  }

  private static void fillNormal(double[] v, double mean, double std, SplittableRandom rng) {
    for (int i = 0; i < v.length; i++) v[i] = mean + std * gaussian(rng);
  }

  /** Box-Muller; SplittableRandom has no nextGaussian on Java 17. */
  private static double gaussian(SplittableRandom rng) {
    double u1 = 1.0 - rng.nextDouble(); // (0, 1]: log is finite
    double u2 = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
