package gradflow.train;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Adam over flat float32 buffers on both cores, bit for bit what ND4J's AdamUpdater computes (its
 * op runs on one thread here and took 32 ms a step on the wide benchmark net's 2.9 M parameters).
 * The arithmetic copies libnd4j's updaterAdam in float, in its order, with no fused multiply-add:
 * {@code m = b1 m + g (1 - b1)}, {@code v = b2 v + g g (1 - b2)}, {@code u = m alpha / (sqrt(v) +
 * eps)}, where {@code alpha = lr sqrt(1 - b2^t) / (1 - b1^t)} divides in double as the C++ does and
 * the powers come from ND4J's own float pow (Java's pow differs in the last bit at some t). {@code
 * FlatAdamTest} holds it to the ND4J op.
 */
final class FlatAdam {
  private static final ThreadLocal<float[][]> SCRATCH =
      ThreadLocal.withInitial(() -> new float[3][ChunkSums.CHUNK]);

  private FlatAdam() {}

  /** True when every array is contiguous float32 with the same length: what this pass needs. */
  static boolean fits(INDArray... arrays) {
    long n = arrays[0].length();
    for (INDArray a : arrays)
      if (a.dataType() != DataType.FLOAT
          || a.isEmpty()
          || a.length() != n
          || a.elementWiseStride() != 1
          || a.offset() + n > a.data().asNioFloat().capacity()) return false;
    return true;
  }

  /**
   * One Adam step: reads {@code grad} (which may be {@code update} itself), updates {@code m} and
   * {@code v} in place, writes {@code update}. {@code iteration} is 0-based, as ND4J's. With {@code
   * sums} (whose segments tile the flat buffers) it also reads {@code weights} and fills each
   * parameter array's chunk sums of gradient, weights and update in the same pass.
   *
   * @return the gradient's sum of squares in double, summed per chunk and then in chunk order (so
   *     the same on every run): finite exactly when every entry is (a float squared cannot overflow
   *     a double), and the square of the global gradient norm
   */
  static double step(
      INDArray grad,
      INDArray m,
      INDArray v,
      INDArray update,
      Coefficients k,
      INDArray weights,
      ParameterSums sums) {
    List<int[]> chunks = new ArrayList<>(); // {from, length}
    List<double[][][]> slots = new ArrayList<>(); // {grad chunks, weight/update chunks} or null
    List<Integer> indices = new ArrayList<>();
    if (sums == null) {
      int n = (int) grad.length();
      for (int from = 0; from < n; from += ChunkSums.CHUNK) {
        chunks.add(new int[] {from, Math.min(n, from + ChunkSums.CHUNK) - from});
        slots.add(null);
        indices.add(0);
      }
    } else {
      for (ParameterSums.Segment seg : sums.segments())
        for (int c = 0; c * ChunkSums.CHUNK < seg.length(); c++) {
          int from = c * ChunkSums.CHUNK;
          chunks.add(
              new int[] {
                seg.offset() + from, Math.min(seg.length(), from + ChunkSums.CHUNK) - from
              });
          slots.add(new double[][][] {seg.grad(), seg.weightUpdate()});
          indices.add(c);
        }
    }
    double[] squares = new double[chunks.size()];
    TwoThreads.forEachChunk(
        chunks.size(),
        grad.length(),
        c -> {
          int[] range = chunks.get(c);
          double[][][] slot = slots.get(c);
          squares[c] =
              chunk(
                  grad,
                  m,
                  v,
                  update,
                  range[0],
                  range[1],
                  k,
                  slot == null ? null : weights,
                  slot,
                  indices.get(c));
        });
    if (sums != null) sums.markFilled(true);
    double sumOfSquares = 0;
    for (double s : squares) sumOfSquares += s;
    return sumOfSquares;
  }

  /** The step's scalars, as libnd4j computes them in float (and the step size in double). */
  record Coefficients(float beta1, float beta2, float epsilon, float alpha) {
    static Coefficients of(float lr, float beta1, float beta2, float epsilon, int iteration) {
      float t = (float) iteration + 1;
      double beta1T = floatPow(beta1, t);
      double beta2T = floatPow(beta2, t);
      float alpha = (float) ((lr * (float) Math.sqrt((float) (1.0 - beta2T))) / (1.0 - beta1T));
      if (Float.isNaN(alpha) || alpha == 0 || Float.isInfinite(alpha)) alpha = epsilon;
      return new Coefficients(beta1, beta2, epsilon, alpha);
    }
  }

  /** libnd4j's nd4j_pow in float (powf), through a one-element ND4J op. */
  private static float floatPow(float base, float exponent) {
    return Transforms.pow(Nd4j.scalar(base), exponent, false).getFloat(0);
  }

  /** Returns the chunk's gradient sum of squares. */
  private static double chunk(
      INDArray grad,
      INDArray m,
      INDArray v,
      INDArray update,
      int from,
      int len,
      Coefficients k,
      INDArray weights,
      double[][][] slot,
      int index) {
    float[][] scratch = SCRATCH.get();
    float[] g = scratch[0];
    float[] sm = scratch[1];
    float[] sv = scratch[2];
    read(grad, from, g, len);
    read(m, from, sm, len);
    read(v, from, sv, len);
    double squares;
    if (slot != null) {
      slot[0][index] = ChunkSums.magnitudes(g, len);
      squares = slot[0][index][1];
    } else {
      squares = ChunkSums.sumOfSquares(g, len);
    }
    float beta1 = k.beta1(), beta2 = k.beta2(), epsilon = k.epsilon(), alpha = k.alpha();
    float oneMinusBeta1 = 1 - beta1;
    float oneMinusBeta2 = 1 - beta2;
    for (int i = 0; i < len; i++) {
      float gi = g[i];
      float mi = beta1 * sm[i] + gi * oneMinusBeta1;
      float vi = beta2 * sv[i] + gi * gi * oneMinusBeta2;
      sm[i] = mi;
      sv[i] = vi;
      g[i] = (mi * alpha) / ((float) Math.sqrt(vi) + epsilon); // the update, over g's copy
    }
    write(m, from, sm, len);
    write(v, from, sv, len);
    write(update, from, g, len);
    if (slot != null) {
      read(weights, from, sm, len); // m is written back: its copy is free
      slot[1][index] = new double[] {ChunkSums.sumAbs(sm, len), ChunkSums.sumAbs(g, len)};
    }
    return squares;
  }

  /**
   * A view's NIO buffer spans the whole allocation from element 0, so it is addressed at offset +
   * index (as in probe.FastStats).
   */
  private static void read(INDArray a, int from, float[] into, int len) {
    a.data().asNioFloat().get((int) a.offset() + from, into, 0, len);
  }

  private static void write(INDArray a, int from, float[] values, int len) {
    FloatBuffer buffer = a.data().asNioFloat();
    buffer.put((int) a.offset() + from, values, 0, len);
  }
}
