package gradflow.train;

/**
 * The per-chunk kernels of the exact magnitude statistics, shared by the probe's own passes
 * (probe.FastStats) and the optimizer's fused pass ({@link FlatAdam}): both cut each parameter
 * array into the same {@link #CHUNK}-element chunks from its first element and run these loops, so
 * they give the same bits whichever pass measured.
 */
public final class ChunkSums {
  public static final int CHUNK = 1 << 16;

  private ChunkSums() {}

  /**
   * {sum |v|, sum v^2, max |v|} over v[0..len). Four accumulators break the chain of dependent
   * additions; a NaN makes the sums NaN, and then the maximum too.
   */
  public static double[] magnitudes(float[] v, int len) {
    double abs0 = 0, abs1 = 0, abs2 = 0, abs3 = 0;
    double sq0 = 0, sq1 = 0, sq2 = 0, sq3 = 0;
    float max0 = 0, max1 = 0;
    int i = 0;
    for (; i + 3 < len; i += 4) {
      float x0 = Math.abs(v[i]), x1 = Math.abs(v[i + 1]);
      float x2 = Math.abs(v[i + 2]), x3 = Math.abs(v[i + 3]);
      abs0 += x0;
      abs1 += x1;
      abs2 += x2;
      abs3 += x3;
      sq0 += (double) x0 * x0;
      sq1 += (double) x1 * x1;
      sq2 += (double) x2 * x2;
      sq3 += (double) x3 * x3;
      max0 = x0 > max0 ? x0 : max0;
      max1 = x1 > max1 ? x1 : max1;
      max0 = x2 > max0 ? x2 : max0;
      max1 = x3 > max1 ? x3 : max1;
    }
    for (; i < len; i++) {
      float x = Math.abs(v[i]);
      abs0 += x;
      sq0 += (double) x * x;
      max0 = x > max0 ? x : max0;
    }
    double sumAbs = (abs0 + abs1) + (abs2 + abs3);
    double max = Double.isNaN(sumAbs) ? Double.NaN : Math.max(max0, max1);
    return new double[] {sumAbs, (sq0 + sq1) + (sq2 + sq3), max};
  }

  /** sum |v| over v[0..len), four accumulators. */
  public static double sumAbs(float[] v, int len) {
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int i = 0;
    for (; i + 3 < len; i += 4) {
      s0 += Math.abs(v[i]);
      s1 += Math.abs(v[i + 1]);
      s2 += Math.abs(v[i + 2]);
      s3 += Math.abs(v[i + 3]);
    }
    for (; i < len; i++) s0 += Math.abs(v[i]);
    return (s0 + s1) + (s2 + s3);
  }

  /** sum v over v[0..len), four accumulators. */
  public static double sum(float[] v, int len) {
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int i = 0;
    for (; i + 3 < len; i += 4) {
      s0 += v[i];
      s1 += v[i + 1];
      s2 += v[i + 2];
      s3 += v[i + 3];
    }
    for (; i < len; i++) s0 += v[i];
    return (s0 + s1) + (s2 + s3);
  }

  /** sum v^2 over v[0..len) in double, four accumulators. */
  public static double sumOfSquares(float[] v, int len) {
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int i = 0;
    for (; i + 3 < len; i += 4) {
      double a = v[i], b = v[i + 1], c = v[i + 2], d = v[i + 3];
      s0 += a * a;
      s1 += b * b;
      s2 += c * c;
      s3 += d * d;
    }
    for (; i < len; i++) s0 += (double) v[i] * v[i];
    return (s0 + s1) + (s2 + s3);
  }
}
