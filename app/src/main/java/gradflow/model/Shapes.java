package gradflow.model;

import gradflow.spec.AvgPool2dSpec;
import gradflow.spec.Conv2dSpec;
import gradflow.spec.DenseSpec;
import gradflow.spec.FlattenSpec;
import gradflow.spec.LayerSpec;
import gradflow.spec.MaxPool2dSpec;
import gradflow.spec.MaxoutSpec;
import gradflow.spec.Padding;
import java.util.Arrays;

/**
 * Output shapes of layers (without the batch axis). The spec reader already rejected impossible
 * shapes with a located error; these throw IllegalArgumentException for specs built in code.
 */
final class Shapes {
  private Shapes() {}

  static long size(long[] shape) {
    return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
  }

  static long[] output(LayerSpec layer, long[] in, String name) {
    if (layer instanceof DenseSpec d) return new long[] {d.units()};
    if (layer instanceof MaxoutSpec m) return new long[] {m.units()};
    if (layer instanceof FlattenSpec) return new long[] {size(in)};
    if (layer instanceof Conv2dSpec c) {
      requireImage(in, name);
      return new long[] {
        c.filters(),
        axis(in[1], c.kernelH(), c.strideH(), c.padding(), name),
        axis(in[2], c.kernelW(), c.strideW(), c.padding(), name)
      };
    }
    if (layer instanceof MaxPool2dSpec p)
      return pooled(in, p.kernelH(), p.kernelW(), p.strideH(), p.strideW(), name);
    if (layer instanceof AvgPool2dSpec p)
      return pooled(in, p.kernelH(), p.kernelW(), p.strideH(), p.strideW(), name);
    return in.clone(); // batchnorm, dropout; residual is checked by its caller
  }

  private static long[] pooled(long[] in, int kh, int kw, int sh, int sw, String name) {
    requireImage(in, name);
    return new long[] {
      in[0], axis(in[1], kh, sh, Padding.VALID, name), axis(in[2], kw, sw, Padding.VALID, name)
    };
  }

  private static long axis(long in, int kernel, int stride, Padding padding, String name) {
    long out = padding == Padding.SAME ? (in + stride - 1) / stride : (in - kernel) / stride + 1;
    if (padding == Padding.VALID && in < kernel)
      throw new IllegalArgumentException(
          name + ": a window of " + kernel + " does not fit in " + in);
    return out;
  }

  private static void requireImage(long[] in, String name) {
    if (in.length != 3)
      throw new IllegalArgumentException(
          name + ": needs an image input [c, h, w], found " + Arrays.toString(in));
  }
}
