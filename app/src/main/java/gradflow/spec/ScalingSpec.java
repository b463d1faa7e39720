package gradflow.spec;

/**
 * Input scaling for file data, applied after loading: each value is divided by {@code scale}, then,
 * with {@code standardize}, each feature becomes (x - mean) / std with the mean and standard
 * deviation of the training set (the test set uses the training statistics; a feature with std 0 is
 * only centred).
 */
public record ScalingSpec(double scale, boolean standardize) {
  public static final ScalingSpec NONE = new ScalingSpec(1, false);

  public ScalingSpec {
    if (!(scale > 0) || !Double.isFinite(scale))
      throw new IllegalArgumentException("scale must be a finite number above 0, found " + scale);
  }

  public boolean isNone() {
    return scale == 1 && !standardize;
  }
}
