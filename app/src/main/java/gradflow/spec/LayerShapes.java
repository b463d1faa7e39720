package gradflow.spec;

import java.util.Arrays;

/**
 * Shape arithmetic the layer records share (shapes without the batch axis: [features] or [channels,
 * height, width]). Each {@link LayerSpec} owns its output shape and parameters; the spec checks,
 * the network builder, {@code validate}'s count and the memory estimate all ask it. Sizes are longs
 * with overflow checks: an overflow throws ArithmeticException.
 */
public final class LayerShapes {
  private LayerShapes() {}

  /** Product of the sizes; ArithmeticException on overflow. */
  public static long size(long[] shape) {
    long n = 1;
    for (long d : shape) n = Math.multiplyExact(n, d);
    return n;
  }

  /**
   * Output length along one axis of a window layer. Valid padding (pools always): out = floor((in -
   * k) / s) + 1; same: out = ceil(in / s).
   */
  public static long axis(long in, int kernel, int stride, PaddingSpec padding) {
    if (padding == PaddingSpec.SAME) return Math.floorDiv(Math.addExact(in, stride - 1L), stride);
    if (in < kernel)
      throw new IllegalArgumentException("a window of " + kernel + " does not fit in " + in);
    return (in - kernel) / stride + 1;
  }

  /** A pool's output: the channels kept, each axis windowed without padding. */
  static long[] pooled(long[] in, String type, int kh, int kw, int sh, int sw) {
    requireImage(in, type);
    return new long[] {
      in[0], axis(in[1], kh, sh, PaddingSpec.VALID), axis(in[2], kw, sw, PaddingSpec.VALID)
    };
  }

  static void requireImage(long[] in, String type) {
    if (in.length != 3)
      throw new IllegalArgumentException(
          type + " needs an image input [c, h, w], found " + Arrays.toString(in));
  }
}
