package gradflow.spec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The one place that knows, for each layer kind, the shape it outputs and the parameters it owns,
 * from the shape it gets (shapes without the batch axis: [features] or [channels, height, width]).
 * The spec checks, the network builder, {@code validate}'s parameter count and the memory estimate
 * all use it. Arithmetic is on longs with overflow checks: an overflow throws ArithmeticException.
 *
 * <ul>
 *   <li>dense: [units]; W [in, units], b [units] (with bias). maxout: [units]; W [in, units * k], b
 *       [units * k]. Here {@code in} is the product of the input shape (an image is flattened).
 *   <li>conv2d: [filters, h', w']; W [filters, c, kh, kw], b [filters]. Valid padding (pools
 *       always): out = floor((in - k) / s) + 1; same: out = ceil(in / s). Pools keep c.
 *   <li>flatten: [c * h * w]. batchnorm: keeps the shape; gamma and beta [shape[0]]. dropout keeps
 *       the shape. residual: its block's output, which must equal its input.
 * </ul>
 */
public final class LayerShapes {
  private LayerShapes() {}

  /** One parameter of a layer: its name inside the layer ("W", "b", "gamma") and its shape. */
  public record Param(String name, long[] shape) {
    /** Number of scalars, overflow-checked. */
    public long length() {
      return size(shape);
    }
  }

  /** Product of the sizes; ArithmeticException on overflow. */
  public static long size(long[] shape) {
    long n = 1;
    for (long d : shape) n = Math.multiplyExact(n, d);
    return n;
  }

  /**
   * The output shape of a layer that is not residual (a residual block's is its input's, checked by
   * the caller). IllegalArgumentException when the layer cannot take {@code in}.
   */
  public static long[] output(LayerSpec layer, long[] in) {
    if (layer instanceof DenseSpec d) return new long[] {d.units()};
    if (layer instanceof MaxoutSpec m) return new long[] {m.units()};
    if (layer instanceof FlattenSpec) return new long[] {size(in)};
    if (layer instanceof Conv2dSpec c) {
      requireImage(in, layer);
      return new long[] {
        c.filters(),
        axis(in[1], c.kernelH(), c.strideH(), c.padding()),
        axis(in[2], c.kernelW(), c.strideW(), c.padding())
      };
    }
    if (layer instanceof MaxPool2dSpec p)
      return pooled(in, layer, p.kernelH(), p.kernelW(), p.strideH(), p.strideW());
    if (layer instanceof AvgPool2dSpec p)
      return pooled(in, layer, p.kernelH(), p.kernelW(), p.strideH(), p.strideW());
    return in.clone(); // batchnorm, dropout, residual
  }

  /** The layer's own parameters in build order (none for a residual block itself). */
  public static List<Param> parameters(LayerSpec layer, long[] in) {
    List<Param> params = new ArrayList<>();
    if (layer instanceof DenseSpec d) {
      params.add(new Param("W", new long[] {size(in), d.units()}));
      if (d.bias()) params.add(new Param("b", new long[] {d.units()}));
    } else if (layer instanceof MaxoutSpec m) {
      long cols = Math.multiplyExact((long) m.units(), m.k());
      params.add(new Param("W", new long[] {size(in), cols}));
      params.add(new Param("b", new long[] {cols}));
    } else if (layer instanceof Conv2dSpec c) {
      params.add(new Param("W", new long[] {c.filters(), in[0], c.kernelH(), c.kernelW()}));
      if (c.bias()) params.add(new Param("b", new long[] {c.filters()}));
    } else if (layer instanceof BatchNormSpec) {
      params.add(new Param("gamma", new long[] {in[0]}));
      params.add(new Param("beta", new long[] {in[0]}));
    }
    for (Param p : params) p.length(); // overflow shows here, not when arrays are made
    return params;
  }

  /** Output length along one axis of a window layer. */
  public static long axis(long in, int kernel, int stride, Padding padding) {
    if (padding == Padding.SAME) return Math.floorDiv(Math.addExact(in, stride - 1L), stride);
    if (in < kernel)
      throw new IllegalArgumentException("a window of " + kernel + " does not fit in " + in);
    return (in - kernel) / stride + 1;
  }

  private static long[] pooled(long[] in, LayerSpec layer, int kh, int kw, int sh, int sw) {
    requireImage(in, layer);
    return new long[] {
      in[0], axis(in[1], kh, sh, Padding.VALID), axis(in[2], kw, sw, Padding.VALID)
    };
  }

  private static void requireImage(long[] in, LayerSpec layer) {
    if (in.length != 3)
      throw new IllegalArgumentException(
          layer.type() + " needs an image input [c, h, w], found " + Arrays.toString(in));
  }
}
