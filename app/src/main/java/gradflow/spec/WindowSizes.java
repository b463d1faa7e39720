package gradflow.spec;

/** The checks the window layers' records share: kernel and stride sizes are at least 1. */
final class WindowSizes {
  private WindowSizes() {}

  static void check(int kernelH, int kernelW, int strideH, int strideW) {
    if (kernelH < 1 || kernelW < 1) {
      throw new IllegalArgumentException(
          "kernel sizes must be at least 1, found [" + kernelH + ", " + kernelW + "]");
    }
    if (strideH < 1 || strideW < 1) {
      throw new IllegalArgumentException(
          "strides must be at least 1, found [" + strideH + ", " + strideW + "]");
    }
  }
}
