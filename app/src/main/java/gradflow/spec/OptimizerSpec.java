package gradflow.spec;

import java.util.Locale;

/**
 * The optimizer and gradient clipping. {@code momentum} applies to MOMENTUM; beta1, beta2 and
 * epsilon to ADAM. clipNorm / clipValue of 0 mean off. Clipping by norm scales the whole gradient
 * (all parameters together) down to that global L2 norm; by value clamps each entry.
 */
public record OptimizerSpec(
    Kind kind,
    double lr,
    double momentum,
    double beta1,
    double beta2,
    double epsilon,
    double clipNorm,
    double clipValue) {

  public enum Kind {
    SGD,
    MOMENTUM,
    ADAM;

    public String specName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public OptimizerSpec {
    if (!(lr > 0)) throw new IllegalArgumentException("lr must be > 0, found " + lr);
    if (clipNorm < 0 || clipValue < 0)
      throw new IllegalArgumentException("clip_norm and clip_value must be >= 0");
  }

  public static OptimizerSpec adam(double lr) {
    return new OptimizerSpec(Kind.ADAM, lr, 0.9, 0.9, 0.999, 1e-8, 0, 0);
  }
}
