package gradflow.spec;

/**
 * What the window layers' records share: the size checks (at least 1), the hints, the pool kind.
 */
final class WindowSizes {
  static final String KERNEL_HINT = "e.g. kernel: 3, or kernel: [3, 5] for height 3, width 5";
  static final String STRIDE_HINT = "e.g. stride: 2, or stride: [1, 2]";

  private WindowSizes() {}

  /** A pool's settings from its four sizes. */
  @FunctionalInterface
  interface Pool<S extends LayerSpec> {
    S make(int kernelH, int kernelW, int strideH, int strideW);
  }

  /** The kind of a pooling layer: a kernel, and a stride that defaults to the kernel. */
  static <S extends LayerSpec> LayerKind<S> poolKind(String type, Pool<S> pool) {
    return LayerKind.of(
        type,
        v -> {
          int[] kernel = v.window("kernel");
          int[] stride = v.window("stride");
          return pool.make(kernel[0], kernel[1], stride[0], stride[1]);
        },
        Field.window("kernel", KERNEL_HINT, 0, null),
        Field.window("stride", STRIDE_HINT, 0, "kernel"));
  }

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
