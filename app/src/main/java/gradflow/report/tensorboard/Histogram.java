package gradflow.report.tensorboard;

/**
 * TensorBoard's HistogramProto as plain numbers: {@code counts[i]} values fell in ({@code
 * limits[i-1]}, {@code limits[i]}] (the first bucket starts at {@code min}).
 *
 * @param min smallest value
 * @param max largest value
 * @param num number of values
 * @param sum sum of the values
 * @param sumSquares sum of the squared values
 * @param limits right edge of each bucket, increasing
 * @param counts values per bucket
 */
public record Histogram(
    double min,
    double max,
    double num,
    double sum,
    double sumSquares,
    double[] limits,
    double[] counts) {

  /** TensorBoard's default number of buckets. */
  public static final int BUCKETS = 30;

  /**
   * {@link #BUCKETS} equal-width buckets from {@code min} to {@code max}, as TensorFlow's summary
   * API builds them; a value goes to the first bucket whose limit is at or above it, so the minimum
   * is in the first bucket and the maximum in the last. When all values are equal the range is
   * widened to [min − 0.5, max + 0.5], as TensorFlow does.
   *
   * @param values the elements (NaN and infinities are not expected: training stops on them)
   * @param min smallest of {@code values}
   * @param max largest of {@code values}
   * @param sum sum of {@code values}
   * @param sumSquares sum of their squares
   */
  public static Histogram of(
      float[] values, double min, double max, double sum, double sumSquares) {
    double low = min;
    double high = max;
    if (!(high > low)) {
      low -= 0.5;
      high += 0.5;
    }
    double width = (high - low) / BUCKETS;
    double[] limits = new double[BUCKETS];
    for (int i = 0; i < BUCKETS; i++) limits[i] = low + (i + 1) * width;
    limits[BUCKETS - 1] = high; // no rounding gap above the maximum
    double[] counts = new double[BUCKETS];
    for (float v : values) counts[bucket(v, low, width, limits)]++;
    return new Histogram(min, max, values.length, sum, sumSquares, limits, counts);
  }

  /**
   * The first bucket whose limit is at or above {@code v}: a guess from the width, then corrected
   * against the stored limits, so that rounding never puts a value on the wrong side of a limit.
   */
  private static int bucket(double v, double low, double width, double[] limits) {
    int i = (int) Math.ceil((v - low) / width) - 1;
    i = Math.max(0, Math.min(BUCKETS - 1, i));
    while (i > 0 && v <= limits[i - 1]) i--;
    while (i < BUCKETS - 1 && v > limits[i]) i++;
    return i;
  }
}
