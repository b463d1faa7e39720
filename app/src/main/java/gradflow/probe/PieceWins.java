package gradflow.probe;

/** Reading a Maxout unit's win counts (inputs won per piece). */
public final class PieceWins {
  private PieceWins() {}

  /** The share of the unit's inputs that its most-winning piece won; NaN for a unit never run. */
  public static double topShare(long[] unit) {
    long total = 0;
    long top = 0;
    for (long w : unit) {
      total += w;
      top = Math.max(top, w);
    }
    return total == 0 ? Double.NaN : (double) top / total;
  }
}
