package gradflow.layers;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.convolution.Convolution;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * 2D convolution (cross-correlation, as in every deep-learning library) over NCHW images: z[n, o,
 * i, j] = b[o] + sum_{c, p, q} w[o, c, p, q] x[n, c, i sH + p − padTop, j sW + q − padLeft], a =
 * f(z). LeCun et al. (1998).
 *
 * <p>Shapes: x [n, inC, h, w], w [outC, inC, kh, kw], b [outC] (absent when null), z and a [n,
 * outC, outH, outW] with outH and outW from {@link Padding}. Channels are the units of z.
 *
 * <p>Computed with im2col and one gemm: the windows of the batch become the rows of col [n outH
 * outW, inC kh kw], and z = col w^T. Backward: dL/dz = dL/da * f'(z), dL/dw = dL/dz^T col, dL/db =
 * sum over n, i, j of dL/dz, dL/dx = col2im(dL/dz w), which adds up the overlapping windows.
 */
public final class Conv2d implements Layer {
  private final String name;
  private final INDArray w;
  private final INDArray b;
  private final int strideH;
  private final int strideW;
  private final Padding padding;
  private final Activation activation;
  private final int outChannels;
  private final int inChannels;
  private final int kh;
  private final int kw;

  /** {@code b} may be null for a layer without bias. */
  public Conv2d(
      String name,
      INDArray w,
      INDArray b,
      int strideH,
      int strideW,
      Padding padding,
      Activation activation) {
    if (w.rank() != 4)
      throw new IllegalArgumentException(
          name + ": W must be [outChannels, inChannels, kh, kw], found " + Arrays.toString(w.shape()));
    if (b != null && b.length() != w.size(0))
      throw new IllegalArgumentException(
          name + ": b has " + b.length() + " entries, W has " + w.size(0) + " output channels");
    if (b != null && b.dataType() != w.dataType())
      throw new IllegalArgumentException(
          name + ": b is " + b.dataType() + ", W is " + w.dataType());
    if (padding == null || activation == null)
      throw new IllegalArgumentException(name + ": padding and activation are required");
    this.name = name;
    this.w = w;
    this.b = b;
    this.strideH = strideH;
    this.strideW = strideW;
    this.padding = padding;
    this.activation = activation;
    this.outChannels = Math.toIntExact(w.size(0));
    this.inChannels = Math.toIntExact(w.size(1));
    this.kh = Math.toIntExact(w.size(2));
    this.kw = Math.toIntExact(w.size(3));
    Windows.checkWindow(name, kh, kw, strideH, strideW);
  }

  @Override
  public String name() {
    return name;
  }

  public Activation activation() {
    return activation;
  }

  public Padding padding() {
    return padding;
  }

  public int outChannels() {
    return outChannels;
  }

  @Override
  public long[] outputShape(long[] inputShape) {
    long[] hw = Windows.outputHw(name, inputShape, kh, kw, strideH, strideW, padding);
    if (inputShape[0] != inChannels)
      throw new IllegalArgumentException(
          name + ": input has " + inputShape[0] + " channels, W expects " + inChannels);
    return new long[] {outChannels, hw[0], hw[1]};
  }

  @Override
  public Map<String, INDArray> parameters() {
    Map<String, INDArray> params = new LinkedHashMap<>();
    params.put("W", w);
    if (b != null) params.put("b", b);
    return params;
  }

  /** W as [outC, inC kh kw]: a view when W is contiguous. */
  private INDArray w2d() {
    return w.reshape('c', outChannels, (long) inChannels * kh * kw);
  }

  @Override
  public Conv2dStep forward(INDArray input) {
    long[] chw = Windows.chwOf(name, input);
    long[] out = outputShape(chw);
    if (input.dataType() != w.dataType())
      throw new IllegalArgumentException(
          name + ": input is " + input.dataType() + ", W is " + w.dataType());
    long n = input.size(0);
    int outH = Math.toIntExact(out[1]);
    int outW = Math.toIntExact(out[2]);
    int padTop = Math.toIntExact(padding.padBefore(chw[1], kh, strideH));
    int padLeft = Math.toIntExact(padding.padBefore(chw[2], kw, strideW));
    // col is laid out [n, outH, outW, inC, kh, kw] so that it reshapes to 2D without a copy;
    // im2col writes through the permuted [n, inC, kh, kw, outH, outW] view it expects.
    INDArray col =
        Nd4j.createUninitialized(input.dataType(), new long[] {n, outH, outW, inChannels, kh, kw}, 'c');
    Convolution.im2col(
        padOddBottomRight(input, chw),
        kh,
        kw,
        strideH,
        strideW,
        padTop,
        padLeft,
        1,
        1,
        false,
        col.permute(0, 3, 4, 5, 1, 2));
    INDArray col2d = col.reshape('c', n * outH * outW, (long) inChannels * kh * kw);
    INDArray z2d = Nd4j.gemm(col2d, w2d(), false, true);
    if (b != null) z2d.addiRowVector(b.reshape(1, outChannels));
    INDArray z = z2d.reshape('c', n, outH, outW, outChannels).permute(0, 3, 1, 2).dup('c');
    return new Conv2dStep(input.shape(), col2d, padTop, padLeft, z, activation.apply(z));
  }

  /**
   * im2col pads the same number of zeros on both sides; when SAME needs one more row (column) at
   * the bottom (right), append it here. Returns {@code input} itself when no row is missing.
   */
  private INDArray padOddBottomRight(INDArray input, long[] chw) {
    long extraH = padding.padAfter(chw[1], kh, strideH) - padding.padBefore(chw[1], kh, strideH);
    long extraW = padding.padAfter(chw[2], kw, strideW) - padding.padBefore(chw[2], kw, strideW);
    if (extraH == 0 && extraW == 0) return input;
    INDArray padded =
        Nd4j.zeros(input.dataType(), input.size(0), chw[0], chw[1] + extraH, chw[2] + extraW);
    padded
        .get(
            NDArrayIndex.all(),
            NDArrayIndex.all(),
            NDArrayIndex.interval(0, chw[1]),
            NDArrayIndex.interval(0, chw[2]))
        .assign(input);
    return padded;
  }

  /** Saved state of one pass: the im2col matrix (for dL/dW), z and a (for f'). */
  public final class Conv2dStep implements ActivatedStep {
    private final long[] inputShape;
    private final INDArray col2d;
    private final int padTop;
    private final int padLeft;
    private final INDArray z;
    private final INDArray a;
    private INDArray derivative;
    private INDArray gradZ;
    private INDArray gradZ2d;

    private Conv2dStep(
        long[] inputShape, INDArray col2d, int padTop, int padLeft, INDArray z, INDArray a) {
      this.inputShape = inputShape;
      this.col2d = col2d;
      this.padTop = padTop;
      this.padLeft = padLeft;
      this.z = z;
      this.a = a;
    }

    @Override
    public INDArray output() {
      return a;
    }

    /** z, [n, outC, outH, outW]. */
    @Override
    public INDArray preActivation() {
      return z;
    }

    @Override
    public Activation activation() {
      return activation;
    }

    /** f'(z), [n, outC, outH, outW]. */
    @Override
    public INDArray activationDerivative() {
      return derivative;
    }

    /** dL/dz, [n, outC, outH, outW]. */
    @Override
    public INDArray gradPreActivation() {
      return gradZ;
    }

    @Override
    public Gradients backward(INDArray gradOutput) {
      signal(gradOutput);
      Map<String, INDArray> grads = new LinkedHashMap<>();
      grads.put("W", Nd4j.gemm(gradZ2d, col2d, true, false).reshape('c', w.shape()));
      if (b != null) grads.put("b", gradZ2d.sum(0).reshape(b.shape()));
      return new Gradients(gradInput(), grads);
    }

    /** dW = dL/dz^T col straight into {@code into.get("W")} when it is contiguous. */
    @Override
    public INDArray backwardInto(INDArray gradOutput, Map<String, INDArray> into) {
      signal(gradOutput);
      INDArray gradW = into.get("W");
      if (gradW.ordering() == 'c' && Shape.hasDefaultStridesForShape(gradW)) {
        Nd4j.gemm(gradZ2d, col2d, gradW.reshape('c', outChannels, col2d.columns()), true, false, 1.0, 0.0);
      } else {
        gradW.assign(Nd4j.gemm(gradZ2d, col2d, true, false).reshape('c', w.shape()));
      }
      if (b != null) into.get("b").assign(gradZ2d.sum(0).reshape(b.shape()));
      return gradInput();
    }

    /** f'(z), dL/dz = dL/da * f'(z), and dL/dz as [n outH outW, outC] for the gemms. */
    private void signal(INDArray gradOutput) {
      Windows.checkGradient(name, gradOutput, a);
      derivative = activation.derivative(z, a);
      gradZ = gradOutput.mul(derivative);
      gradZ2d = gradZ.permute(0, 2, 3, 1).dup('c').reshape('c', col2d.rows(), outChannels);
    }

    /** dL/dx = col2im(dL/dz w): each window's share goes back to the pixels it read. */
    private INDArray gradInput() {
      INDArray gradCol = Nd4j.gemm(gradZ2d, w2d(), false, false);
      long n = inputShape[0];
      long outH = z.size(2);
      long outW = z.size(3);
      INDArray gradX = Nd4j.zeros(z.dataType(), inputShape);
      Convolution.col2im(
          gradCol.reshape('c', n, outH, outW, inChannels, kh, kw).permute(0, 3, 4, 5, 1, 2),
          gradX,
          strideH,
          strideW,
          padTop,
          padLeft,
          Math.toIntExact(inputShape[2]),
          Math.toIntExact(inputShape[3]),
          1,
          1);
      return gradX;
    }
  }
}
