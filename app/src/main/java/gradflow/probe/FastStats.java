package gradflow.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Reductions the probe needs on every logged step, fused: one pass over a gradient gives mean |g|,
 * max |g| and the L2 norm, one pass over a weight array and its update gives both mean magnitudes.
 * ND4J would need five passes, one op each, and its element-wise ops run on one thread here
 * (OMP_NUM_THREADS=1, see the launcher); these split each pass over two threads in fixed chunks, so
 * the sums are added in the same order every time and stay deterministic. Arrays that are not
 * contiguous float32 fall back to ND4J's ops.
 */
final class FastStats {
  private static final int CHUNK = 1 << 16;
  private static final int MIN_PARALLEL = 1 << 17;
  private static final ExecutorService POOL =
      Executors.newFixedThreadPool(
          2,
          r -> {
            Thread t = new Thread(r, "gradflow-stats");
            t.setDaemon(true);
            return t;
          });

  private FastStats() {}

  /** Mean |g|, max |g| and L2 norm of one array; a NaN anywhere makes all three NaN. */
  record Magnitudes(double meanAbs, double maxAbs, double l2) {}

  static Magnitudes magnitudes(INDArray a) {
    if (!fusable(a)) {
      double max = a.amaxNumber().doubleValue();
      return new Magnitudes(a.ameanNumber().doubleValue(), max, gradflow.train.GradientNorms.l2(a));
    }
    double[][] parts = perChunk(a, null);
    double sumAbs = 0;
    double sumSq = 0;
    double max = 0;
    for (double[] p : parts) {
      sumAbs += p[0];
      sumSq += p[1];
      max = Double.isNaN(p[2]) || Double.isNaN(max) ? Double.NaN : Math.max(max, p[2]);
    }
    return new Magnitudes(sumAbs / a.length(), max, Math.sqrt(sumSq));
  }

  /** {mean |a|, mean |b|} of two arrays of the same length, in one pass. */
  static double[] meanAbsPair(INDArray a, INDArray b) {
    if (!fusable(a) || !fusable(b) || a.length() != b.length())
      return new double[] {a.ameanNumber().doubleValue(), b.ameanNumber().doubleValue()};
    double[][] parts = perChunk(a, b);
    double sumA = 0;
    double sumB = 0;
    for (double[] p : parts) {
      sumA += p[0];
      sumB += p[1];
    }
    return new double[] {sumA / a.length(), sumB / a.length()};
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

  /** Per chunk: {sum |a|, sum a^2 (or sum |b|), max |a|}, chunks in order. */
  private static double[][] perChunk(INDArray a, INDArray b) {
    int n = (int) a.length();
    int chunks = (n + CHUNK - 1) / CHUNK;
    double[][] parts = new double[chunks][];
    if (n < MIN_PARALLEL) {
      for (int c = 0; c < chunks; c++) parts[c] = chunk(a, b, c, n);
      return parts;
    }
    List<Future<?>> futures = new ArrayList<>();
    for (int worker = 0; worker < 2; worker++) {
      int first = worker;
      futures.add(
          POOL.submit(
              () -> {
                for (int c = first; c < chunks; c += 2) parts[c] = chunk(a, b, c, n);
              }));
    }
    try {
      for (Future<?> f : futures) f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while measuring", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
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
    if (b == null) return magnitudes(va, len);
    float[] vb = scratch[1];
    b.data().asNioFloat().get((int) b.offset() + from, vb, 0, len);
    return new double[] {sumAbs(va, len), sumAbs(vb, len), 0};
  }

  /**
   * {sum |v|, sum v^2, max |v|} over v[0..len). Four accumulators break the chain of dependent
   * additions; a NaN makes the sums NaN, and then the maximum too.
   */
  private static double[] magnitudes(float[] v, int len) {
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

  private static double sumAbs(float[] v, int len) {
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
}
