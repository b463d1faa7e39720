package gradflow.probe;

import java.nio.FloatBuffer;
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

  /** Contiguous float32 (the flat parameter, gradient and update buffers and their views). */
  private static boolean fusable(INDArray a) {
    return a.dataType() == DataType.FLOAT
        && !a.isEmpty()
        && a.ordering() == 'c'
        && a.elementWiseStride() == 1
        && a.offset() + a.length() <= a.data().length();
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

  private static double[] chunk(INDArray a, INDArray b, int c, int n) {
    int from = c * CHUNK;
    int to = Math.min(n, from + CHUNK);
    FloatBuffer fa = a.data().asNioFloat();
    int offA = (int) a.offset();
    if (b == null) {
      double sumAbs = 0;
      double sumSq = 0;
      float max = 0;
      for (int i = from; i < to; i++) {
        float v = fa.get(offA + i);
        float abs = Math.abs(v);
        sumAbs += abs;
        sumSq += (double) v * v;
        max = Math.max(max, abs); // NaN propagates
      }
      return new double[] {sumAbs, sumSq, max};
    }
    FloatBuffer fb = b.data().asNioFloat();
    int offB = (int) b.offset();
    double sumA = 0;
    double sumB = 0;
    for (int i = from; i < to; i++) {
      sumA += Math.abs(fa.get(offA + i));
      sumB += Math.abs(fb.get(offB + i));
    }
    return new double[] {sumA, sumB, 0};
  }
}
