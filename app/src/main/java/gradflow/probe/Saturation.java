package gradflow.probe;

/**
 * The probe records, for a saturating activation, the share of activations whose f'(z) is below
 * each of a fixed ladder of levels (fractions of the peak derivative), so that the {@code
 * saturation_derivative} threshold is applied by {@link SaturatedUnitsCheck} and a stored run can
 * be judged again with another value. A threshold on the ladder reads its share exactly; one
 * between two levels is interpolated linearly in log(level), and one outside the ladder takes the
 * nearest end.
 */
public final class Saturation {
  /**
   * Levels of f'(z) / peak; 0.01 is the default threshold and {@link LayerStat#SATURATED_FRACTION}.
   */
  public static final double[] LEVELS = {1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3};

  /** The level that {@link LayerStat#SATURATED_FRACTION} reports. */
  public static final int REFERENCE = 4;

  private Saturation() {}

  /** The share below {@code threshold} × peak from the ladder {@code shares}; NaN for null. */
  static double share(double[] shares, double threshold) {
    if (shares == null) return Double.NaN;
    if (threshold <= LEVELS[0]) return shares[0];
    for (int i = 1; i < LEVELS.length; i++) {
      if (threshold == LEVELS[i]) return shares[i];
      if (threshold < LEVELS[i]) {
        double t = Math.log(threshold / LEVELS[i - 1]) / Math.log(LEVELS[i] / LEVELS[i - 1]);
        return shares[i - 1] + t * (shares[i] - shares[i - 1]);
      }
    }
    return shares[LEVELS.length - 1];
  }
}
