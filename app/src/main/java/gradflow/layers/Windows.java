package gradflow.layers;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Shape checks and buffer helpers shared by the image layers (NCHW). */
final class Windows {
  private Windows() {}

  /**
   * Checks a [c, h, w] shape without the batch axis and returns the VALID or SAME output [h, w].
   */
  static long[] outputHw(
      String name, long[] chw, int kh, int kw, int strideH, int strideW, Padding padding) {
    if (chw.length != 3 || Arrays.stream(chw).anyMatch(d -> d < 1))
      throw new IllegalArgumentException(
          name + ": input must be [channels, height, width], found " + Arrays.toString(chw));
    if (padding == Padding.VALID && (chw[1] < kh || chw[2] < kw))
      throw new IllegalArgumentException(
          String.format(
              "%s: input %dx%d is smaller than the %dx%d window (VALID padding)",
              name, chw[1], chw[2], kh, kw));
    return new long[] {
      padding.outputSize(chw[1], kh, strideH), padding.outputSize(chw[2], kw, strideW)
    };
  }

  /** Checks that a batch is [n, c, h, w] and returns the shape without n. */
  static long[] chwOf(String name, INDArray input) {
    if (input.rank() != 4)
      throw new IllegalArgumentException(
          name
              + ": input must be [n, channels, height, width], found "
              + Arrays.toString(input.shape()));
    return new long[] {input.size(1), input.size(2), input.size(3)};
  }

  static void checkWindow(String name, int kh, int kw, int strideH, int strideW) {
    if (kh < 1 || kw < 1 || strideH < 1 || strideW < 1)
      throw new IllegalArgumentException(
          String.format(
              "%s: kernel and stride must be at least 1, found kernel %dx%d, stride %dx%d",
              name, kh, kw, strideH, strideW));
  }
}
