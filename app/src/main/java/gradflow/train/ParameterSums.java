package gradflow.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Per-chunk sums of each parameter array's gradient, weights and update, filled by the optimizer's
 * own pass over the flat buffers on a logged step ({@link FlatAdam}), so that the probe need not
 * read those 3 x 4 bytes a parameter again. Chunks are {@link ChunkSums#CHUNK} elements from each
 * array's first element, the probe's own chunking, so the numbers are the same bits.
 */
public final class ParameterSums {
  /** One parameter array: its place in the flat buffers and its chunks' sums. */
  record Segment(String name, int offset, int length, double[][] grad, double[][] weightUpdate) {}

  private final Map<String, Segment> segments = new LinkedHashMap<>();
  private boolean filled;

  /**
   * {@code parameters}: views into {@code flat} by name; null unless they tile it exactly, in flat
   * order (then only the probe's own passes measure).
   */
  public static ParameterSums tiling(Map<String, INDArray> parameters, INDArray flat) {
    ParameterSums sums = new ParameterSums();
    long next = 0;
    for (Map.Entry<String, INDArray> e : parameters.entrySet()) {
      long offset = e.getValue().offset() - flat.offset();
      int length = (int) e.getValue().length();
      if (offset != next) return null;
      int chunks = (length + ChunkSums.CHUNK - 1) / ChunkSums.CHUNK;
      sums.segments.put(
          e.getKey(),
          new Segment(
              e.getKey(), (int) offset, length, new double[chunks][], new double[chunks][]));
      next = offset + length;
    }
    return next == flat.length() ? sums : null;
  }

  Iterable<Segment> segments() {
    return segments.values();
  }

  void markFilled(boolean value) {
    filled = value;
  }

  /** Whether this step's pass filled the sums (a clipped or non-float32 optimizer does not). */
  public boolean filled() {
    return filled;
  }

  /** Per chunk of the gradient of {@code param}: {sum |g|, sum g^2, max |g|}. */
  public double[][] gradChunks(String param) {
    return segments.get(param).grad();
  }

  /** Per chunk of {@code param}: {sum |w|, sum |update|}. */
  public double[][] weightUpdateChunks(String param) {
    return segments.get(param).weightUpdate();
  }
}
