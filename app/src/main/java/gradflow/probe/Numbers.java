package gradflow.probe;

import java.util.Locale;

/** Number formatting for messages: 3 significant digits, scientific when far from 1. */
public final class Numbers {
  private Numbers() {}

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
