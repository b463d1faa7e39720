package gradflow.spec;

import java.util.Arrays;
import java.util.List;

/**
 * Follows one example's shape through the layers, from {@code input}, and reports each layer that
 * cannot take the shape it gets, at that layer. Shapes are [features] or [channels, height, width]:
 *
 * <ul>
 *   <li>conv2d, maxpool2d, avgpool2d need [c, h, w]. Valid padding (pools always): out = floor((in
 *       - k) / s) + 1, which must be at least 1; same: out = ceil(in / s). conv2d gives {@code
 *       filters} channels, pools keep c.
 *   <li>dense and maxout give [units], flattening an image implicitly; flatten gives [c * h * w].
 *   <li>batchnorm and dropout keep the shape; a residual block must end with the shape it starts
 *       with, which is also its output.
 * </ul>
 *
 * After a layer that cannot take its input, the layers after it are not checked: their shapes would
 * be guesses.
 */
final class ShapeChecks {
  private final Problems problems;
  private boolean imageInput;

  ShapeChecks(Problems problems) {
    this.problems = problems;
  }

  /** Checks {@code layers}; {@code input} may be null after its own problem, then nothing runs. */
  void check(List<Integer> input, List<BoundLayer> layers) {
    if (input == null) return;
    long[] shape = input.stream().mapToLong(Integer::longValue).toArray();
    imageInput = shape.length == 3;
    through(shape, layers);
  }

  /** The shape after {@code layers}, or null after reporting a layer that cannot take its input. */
  private long[] through(long[] shape, List<BoundLayer> layers) {
    for (BoundLayer layer : layers) {
      shape = after(shape, layer);
      if (shape == null) return null;
    }
    return shape;
  }

  private long[] after(long[] in, BoundLayer layer) {
    LayerSpec spec = layer.spec();
    if (spec instanceof DenseSpec d) return new long[] {d.units()};
    if (spec instanceof MaxoutSpec m) return new long[] {m.units()};
    if (spec instanceof FlattenSpec) return new long[] {size(in)};
    if (spec instanceof BatchNormSpec || spec instanceof DropoutSpec) return in;
    if (spec instanceof ResidualSpec) return residual(in, layer);
    if (spec instanceof Conv2dSpec c) {
      return window(
          in,
          layer,
          c.filters(),
          new int[] {c.kernelH(), c.kernelW(), c.strideH(), c.strideW()},
          c.padding());
    }
    if (spec instanceof MaxPool2dSpec p) {
      return window(
          in,
          layer,
          -1,
          new int[] {p.kernelH(), p.kernelW(), p.strideH(), p.strideW()},
          Padding.VALID);
    }
    if (spec instanceof AvgPool2dSpec p) {
      return window(
          in,
          layer,
          -1,
          new int[] {p.kernelH(), p.kernelW(), p.strideH(), p.strideW()},
          Padding.VALID);
    }
    throw new IllegalStateException("no shape rule for layer type " + spec.type());
  }

  /**
   * The output of a window layer, or null after reporting.
   *
   * @param channels output channels, or -1 to keep the input's
   * @param window kernel height, kernel width, stride height, stride width
   */
  private long[] window(long[] in, BoundLayer layer, int channels, int[] window, Padding padding) {
    String type = layer.spec().type();
    if (in.length != 3) {
      String hint =
          imageInput
              ? "a dense, maxout or flatten layer before it made the image a vector; put the image"
                  + " layers first"
              : "set input to [channels, height, width], e.g. input: [1, 28, 28] for MNIST";
      problems.atKey(
          layer.typeKey(),
          layer.path(),
          type + " needs an image input [channels, height, width], found " + show(in),
          hint);
      return null;
    }
    int kernelH = window[0];
    int kernelW = window[1];
    if (padding == Padding.VALID && (in[1] < kernelH || in[2] < kernelW)) {
      SpecNode kernel = layer.setting("kernel");
      String hint =
          layer.spec() instanceof Conv2dSpec
              ? "use a smaller kernel, padding: same, or less downsampling before this layer"
              : "use a smaller kernel, or less downsampling before this layer";
      problems.at(
          kernel != null ? kernel : layer.settings(),
          layer.path(),
          "the "
              + kernelH
              + "x"
              + kernelW
              + " window does not fit in the "
              + in[1]
              + "x"
              + in[2]
              + " image it gets ("
              + show(in)
              + ")",
          hint);
      return null;
    }
    long height = outSize(in[1], kernelH, window[2], padding);
    long width = outSize(in[2], kernelW, window[3], padding);
    return new long[] {channels < 0 ? in[0] : channels, height, width};
  }

  private static long outSize(long in, int kernel, int stride, Padding padding) {
    return padding == Padding.SAME ? (in + stride - 1) / stride : (in - kernel) / stride + 1;
  }

  /** y = x + block(x): the block's output shape must be its input shape, which y keeps. */
  private long[] residual(long[] in, BoundLayer layer) {
    long[] out = through(in, layer.block());
    if (out == null) return null;
    if (!Arrays.equals(in, out)) {
      boolean vector = in.length == 1 && out.length == 1;
      String message =
          "residual block changes the shape from "
              + show(in)
              + " to "
              + show(out)
              + (vector
                  ? ": the block must end with as many units as it starts with"
                  : ": the block must end with the shape it starts with");
      String hint =
          in.length == 1
              ? "give the block's last layer " + in[0] + " units"
              : "end the block with "
                  + in[0]
                  + " channels and keep height and width: conv2d with filters: "
                  + in[0]
                  + ", padding: same and stride 1, and no pooling";
      problems.atKey(layer.typeKey(), layer.path(), message, hint);
    }
    return in;
  }

  /** Features in a shape, saturating instead of overflowing. */
  private static long size(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n = n > Long.MAX_VALUE / d ? Long.MAX_VALUE : n * d;
    }
    return n;
  }

  private static String show(long[] shape) {
    return Arrays.toString(shape);
  }
}
