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
 * The formulas are {@link LayerShapes}'. Sizes are checked against {@link Limits}: an output or a
 * parameter count past them is reported at the setting that made it. After a layer that cannot take
 * its input, the layers after it are not checked: their shapes would be guesses.
 */
final class ShapeChecks {
  private final Problems problems;
  private boolean imageInput;
  private long totalParams;
  private BoundLayer biggest; // the layer with the most parameters so far
  private long biggestParams = -1;

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
    if (spec instanceof ResidualSpec) return residual(in, layer);
    if (spec instanceof Conv2dSpec c && !fits(in, layer, c.kernelH(), c.kernelW(), c.padding()))
      return null;
    if (spec instanceof MaxPool2dSpec p
        && !fits(in, layer, p.kernelH(), p.kernelW(), PaddingSpec.VALID)) return null;
    if (spec instanceof AvgPool2dSpec p
        && !fits(in, layer, p.kernelH(), p.kernelW(), PaddingSpec.VALID)) return null;
    try {
      long[] out = spec.outputShape(in);
      long outSize = LayerShapes.size(out);
      long params = 0;
      for (ParamShape p : spec.parameters(in)) params = Math.addExact(params, p.length());
      totalParams = Math.addExact(totalParams, params);
      if (params > biggestParams) {
        biggest = layer;
        biggestParams = params;
      }
      if (outSize > Limits.MAX_VALUES) {
        tooBig(layer, "its output has " + outSize + " values per example");
        return null;
      }
      if (totalParams > Limits.MAX_VALUES) {
        String where = biggest == layer ? "" : " (" + biggestParams + " of them in this layer)";
        tooBig(biggest, "the network has " + totalParams + " parameters or more" + where);
        return null;
      }
      return out;
    } catch (ArithmeticException e) {
      tooBig(layer, "its sizes overflow a 64-bit count");
      return null;
    }
  }

  /** A size past {@link Limits#MAX_VALUES}, at the setting of {@code layer} that made it. */
  private void tooBig(BoundLayer layer, String what) {
    problems.at(
        Limits.culprit(layer),
        layer.path(),
        what + ", more than the " + Limits.MAX_VALUES + " values gradflow holds in one array",
        Limits.hint(layer));
  }

  /** Reports a window layer that cannot take {@code in}; true when it can. */
  private boolean fits(long[] in, BoundLayer layer, int kernelH, int kernelW, PaddingSpec padding) {
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
      return false;
    }
    if (padding == PaddingSpec.VALID && (in[1] < kernelH || in[2] < kernelW)) {
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
      return false;
    }
    return true;
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

  private static String show(long[] shape) {
    return Arrays.toString(shape);
  }
}
