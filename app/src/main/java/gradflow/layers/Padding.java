package gradflow.layers;

/**
 * How a sliding window meets the border of an image, per spatial axis.
 *
 * <p>VALID uses only windows that fit inside the input: out = floor((in − k) / s) + 1. SAME pads
 * with zeros as TensorFlow does: out = ceil(in / s), total padding max((out − 1) s + k − in, 0), of
 * which floor(total / 2) goes before the first row (column) and the rest, one more when the total
 * is odd, after the last.
 */
public enum Padding {
  VALID,
  SAME;

  /** Output length along one axis; VALID needs {@code in >= kernel}. */
  public long outputSize(long in, int kernel, int stride) {
    return this == VALID ? (in - kernel) / stride + 1 : (in + stride - 1) / stride;
  }

  /** Zeros added along one axis, before and after together. */
  public long padTotal(long in, int kernel, int stride) {
    if (this == VALID) return 0;
    return Math.max((outputSize(in, kernel, stride) - 1) * stride + kernel - in, 0);
  }

  /** Zeros before the first row (column) along one axis. */
  public long padBefore(long in, int kernel, int stride) {
    return padTotal(in, kernel, stride) / 2;
  }
}
