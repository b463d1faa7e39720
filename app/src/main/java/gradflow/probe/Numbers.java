package gradflow.probe;

import java.util.Locale;

/** Number formatting for messages: 3 significant digits, scientific when far from 1. */
public final class Numbers {
  private Numbers() {}

  /** The median of the finite values (NaN when there are none); the mean of the middle two. */
  public static double median(double[] values) {
    return median(values, 0, values.length - 1);
  }

  /** The median of the finite values in {@code values[from..to]}, both inclusive. */
  public static double median(double[] values, int from, int to) {
    double[] v =
        java.util.Arrays.stream(values, from, to + 1).filter(Double::isFinite).sorted().toArray();
    if (v.length == 0) return Double.NaN;
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  public static String format(double x) {
    if (Double.isNaN(x)) return "n/a";
    if (Double.isInfinite(x)) return x > 0 ? "inf" : "-inf";
    double a = Math.abs(x);
    if (a != 0 && (a < 1e-3 || a >= 1e5)) return String.format(Locale.ROOT, "%.2e", x);
    return String.format(Locale.ROOT, "%.3g", x)
        .replaceAll("(\\.\\d*?)0+$", "$1")
        .replaceAll("\\.$", "");
  }

  /** A ratio below 1 as "250x weaker" style factor: 1 / ratio rounded. */
  public static String factor(double ratio) {
    double f = ratio >= 1 ? ratio : 1 / ratio;
    if (Double.isInfinite(f))
      return "infinitely"; // a ratio of 0: no signal at all, not "Infinityx"
    if (f >= 1e5) return String.format(Locale.ROOT, "%.1e", f) + "x";
    return (f >= 100 ? String.format(Locale.ROOT, "%.0f", f) : format(f)) + "x";
  }

  public static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.0f%%", 100 * fraction);
  }
}
