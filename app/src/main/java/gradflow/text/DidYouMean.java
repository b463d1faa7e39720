package gradflow.text;

import java.util.Collection;
import java.util.Locale;

/**
 * Finds the valid name a misspelling was meant to be, by optimal-string-alignment distance
 * (Levenshtein plus adjacent transpositions, so "rleu" is one edit from "relu").
 */
public final class DidYouMean {
  private DidYouMean() {}

  /** The closest candidate if it is close enough to be a likely typo, else null. */
  public static String closest(String input, Collection<String> candidates) {
    String typed = normalize(input);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int d = distance(typed, normalize(candidate));
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    // A third of the length: catches one or two slips in a word without suggesting "elu" for "gelu"
    // typed as "xyz".
    return best != null && bestDistance <= Math.max(1, best.length() / 3) ? best : null;
  }

  /**
   * "; did you mean 'units'?" when a candidate is close to {@code input}, else "": the one wording
   * of the suggestion, appended to an "unknown ... 'x'" message.
   */
  public static String suggestion(String input, Collection<String> candidates) {
    String close = closest(input, candidates);
    return close == null ? "" : "; did you mean '" + close + "'?";
  }

  /** Case and dash/underscore differences are slips too: "Leaky-ReLU" means "leaky_relu". */
  private static String normalize(String s) {
    return s.toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
  }

  public static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) d[i][0] = i;
    for (int j = 0; j <= b.length(); j++) d[0][j] = j;
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
