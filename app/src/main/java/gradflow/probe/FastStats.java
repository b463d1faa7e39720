package gradflow.probe;

import gradflow.train.ChunkSums;
import gradflow.train.ParameterSums;
import gradflow.train.TwoThreads;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.longer.MatchCondition;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * Reductions the probe needs on every logged step, fused: one pass over a gradient gives mean |g|,
 * max |g| and the L2 norm, one pass over a weight array and its update gives both mean magnitudes.
 * ND4J would need five passes, one op each, and its element-wise ops run on one thread here
 * (OMP_NUM_THREADS=1, see the launcher); these split each pass over two threads in fixed chunks
 * ({@link TwoThreads}, {@link ChunkSums}), so the sums are added in the same order every time and
 * stay deterministic. On a large Adam net the optimizer's pass has the chunk sums already ({@link
 * ParameterSums}) and only the combining here runs. Arrays that are not contiguous float32 fall
 * back to ND4J's ops.
 */
final class FastStats {
  private static final int CHUNK = ChunkSums.CHUNK;

  private FastStats() {}

  /** Mean |g|, max |g| and L2 norm of one array; a NaN anywhere makes all three NaN. */
  record Magnitudes(double meanAbs, double maxAbs, double l2) {}

  static Magnitudes magnitudes(INDArray a) {
    if (!fusable(a)) {
      double max = a.amaxNumber().doubleValue();
      return new Magnitudes(a.ameanNumber().doubleValue(), max, gradflow.train.GradientNorms.l2(a));
    }
    return magnitudes(perChunk(a, null), a.length());
  }

  /**
   * The same from per-chunk {sum |g|, sum g^2, max |g|} of an array of {@code n} elements, in chunk
   * order: the probe's own chunks or the optimizer's ({@link ParameterSums}).
   */
  static Magnitudes magnitudes(double[][] parts, long n) {
    double sumAbs = 0;
    double sumSq = 0;
    double max = 0;
    for (double[] p : parts) {
      sumAbs += p[0];
      sumSq += p[1];
      max = Double.isNaN(p[2]) || Double.isNaN(max) ? Double.NaN : Math.max(max, p[2]);
    }
    return new Magnitudes(sumAbs / n, max, Math.sqrt(sumSq));
  }

  /**
   * Mean |a|: one Java pass with double sums over a contiguous float32 array (a layer's batch of
   * activations or signals: on a small layer one ND4J reduction costs more than the pass), else
   * ND4J's amean. The double sums differ from ND4J's float ones only in the last float bits.
   */
  static double meanAbs(INDArray a) {
    return fusable(a) ? sum(a, true) / a.length() : a.ameanNumber().doubleValue();
  }

  /** Mean of a, the same way as {@link #meanAbs}. */
  static double mean(INDArray a) {
    return fusable(a) ? sum(a, false) / a.length() : a.meanNumber().doubleValue();
  }

  private static double sum(INDArray a, boolean abs) {
    int n = (int) a.length();
    float[] v = SCRATCH.get()[0];
    double sum = 0;
    for (int from = 0; from < n; from += CHUNK) {
      int len = Math.min(n - from, CHUNK);
      a.data().asNioFloat().get((int) a.offset() + from, v, 0, len);
      sum += abs ? ChunkSums.sumAbs(v, len) : ChunkSums.sum(v, len);
    }
    return sum;
  }

  /** {mean |a|, mean |b|} of two arrays of the same length, in one pass. */
  static double[] meanAbsPair(INDArray a, INDArray b) {
    if (!fusable(a) || !fusable(b) || a.length() != b.length())
      return new double[] {a.ameanNumber().doubleValue(), b.ameanNumber().doubleValue()};
    return meanAbsPair(perChunk(a, b), a.length());
  }

  /** The same from per-chunk {sum |a|, sum |b|} of arrays of {@code n} elements, in chunk order. */
  static double[] meanAbsPair(double[][] parts, long n) {
    double sumA = 0;
    double sumB = 0;
    for (double[] p : parts) {
      sumA += p[0];
      sumB += p[1];
    }
    return new double[] {sumA / n, sumB / n};
  }

  /**
   * How many entries of {@code a} are below each of {@code limits}, in one pass (ND4J needs one
   * MatchCondition op per limit: 8 ops per saturating layer per logged step, a fifth of the classic
   * net's step with the probe on). Compares in float32, as the op does ({@code x < (float) limit});
   * NaN is below nothing. Other data types go to the op.
   */
  static long[] countBelow(INDArray a, double[] limits) {
    long[] counts = new long[limits.length];
    if (!fusable(a)) {
      for (int k = 0; k < limits.length; k++)
        counts[k] =
            Nd4j.getExecutioner()
                .exec(new MatchCondition(a, Conditions.lessThan(limits[k])))
                .getInt(0);
      return counts;
    }
    float[] limitsF = new float[limits.length];
    for (int k = 0; k < limits.length; k++) limitsF[k] = (float) limits[k];
    int n = (int) a.length();
    float[] v = SCRATCH.get()[0];
    for (int from = 0; from < n; from += CHUNK) {
      int len = Math.min(n, from + CHUNK) - from;
      a.data().asNioFloat().get((int) a.offset() + from, v, 0, len);
      for (int k = 0; k < limitsF.length; k++) {
        float limit = limitsF[k];
        int count = 0;
        for (int i = 0; i < len; i++) count += v[i] < limit ? 1 : 0;
        counts[k] += count;
      }
    }
    return counts;
  }

  /**
   * Contiguous float32 (the flat parameter, gradient and update buffers and their views), in either
   * order: these sums and maxima do not care in which order the elements come, and ND4J calls a
   * contiguous rank-1 view 'f'. A view's {@code data()} reports the view's length, but its NIO
   * buffer spans the whole allocation from element 0, which is how {@link #chunk} addresses it
   * (offset + index).
   */
  static boolean fusable(INDArray a) {
    return a.dataType() == DataType.FLOAT
        && !a.isEmpty()
        && a.elementWiseStride() == 1
        && a.offset() + a.length() <= a.data().asNioFloat().capacity();
  }

  /** Per chunk: {sum |a|, sum a^2, max |a|} (or {sum |a|, sum |b|}), chunks in order. */
  private static double[][] perChunk(INDArray a, INDArray b) {
    int n = (int) a.length();
    int chunks = (n + CHUNK - 1) / CHUNK;
    double[][] parts = new double[chunks][];
    TwoThreads.forEachChunk(chunks, n, c -> parts[c] = chunk(a, b, c, n));
    return parts;
  }

  /** Per-thread copies of one chunk: a bulk copy, then plain array loops the JIT unrolls. */
  private static final ThreadLocal<float[][]> SCRATCH =
      ThreadLocal.withInitial(() -> new float[2][CHUNK]);

  private static double[] chunk(INDArray a, INDArray b, int c, int n) {
    int from = c * CHUNK;
    int len = Math.min(n, from + CHUNK) - from;
    float[][] scratch = SCRATCH.get();
    float[] va = scratch[0];
    a.data().asNioFloat().get((int) a.offset() + from, va, 0, len);
    if (b == null) return ChunkSums.magnitudes(va, len);
    float[] vb = scratch[1];
    b.data().asNioFloat().get((int) b.offset() + from, vb, 0, len);
    return new double[] {ChunkSums.sumAbs(va, len), ChunkSums.sumAbs(vb, len)};
  }
}
