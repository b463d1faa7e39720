package gradflow.layers;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * 2D convolution (cross-correlation, as in every deep-learning library) over NCHW images: z[n, o,
 * i, j] = b[o] + sum_{c, p, q} w[o, c, p, q] x[n, c, i sH + p − padTop, j sW + q − padLeft], a =
 * f(z). LeCun et al. (1998).
 *
 * <p>Shapes: x [n, inC, h, w], w [outC, inC, kh, kw], b [outC] (absent when null), z and a [n,
 * outC, outH, outW] with outH and outW from {@link Padding}. Channels are the units of z.
 *
 * <p>Computed with im2col and one gemm: the windows of the whole batch become the columns of col
 * [inC kh kw, n outH outW] (see {@link Im2col}), and z = w col with w as [outC, inC kh kw].
 * Backward: dL/dz = dL/da * f'(z), dL/dw = dL/dz col^T, dL/db = sum over n, i, j of dL/dz, dL/dx =
 * col2im(w^T dL/dz), which adds up what overlapping windows send to the same pixel.
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

  /**
   * The index map of the last input shape: immutable and the same for every batch of that shape, so
   * it is built once per shape (building it took longer than the gather itself). Not pass state:
   * each pass keeps the map it used.
   */
  private volatile Im2col lastIm2col;

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
          name
              + ": W must be [outChannels, inChannels, kh, kw], found "
              + Arrays.toString(w.shape()));
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

  /** Behaves the same in every mode: the context is not read. */
  @Override
  public Conv2dPass forward(INDArray input, ForwardContext context) {
    return forward(input);
  }

  @Override
  public Conv2dPass forward(INDArray input) {
    long[] chw = Windows.chwOf(name, input);
    long[] out = outputShape(chw);
    if (input.dataType() != w.dataType())
      throw new IllegalArgumentException(
          name + ": input is " + input.dataType() + ", W is " + w.dataType());
    long n = input.size(0);
    int outH = Math.toIntExact(out[1]);
    int outW = Math.toIntExact(out[2]);
    Im2col im2col = lastIm2col;
    if (im2col == null || !im2col.reads(input.shape())) {
      im2col =
          new Im2col(
              input.shape(),
              kh,
              kw,
              strideH,
              strideW,
              Math.toIntExact(padding.padBefore(chw[1], kh, strideH)),
              Math.toIntExact(padding.padBefore(chw[2], kw, strideW)),
              outH,
              outW);
      lastIm2col = im2col;
    }
    INDArray col = im2col.gather(input);
    INDArray z2d = Nd4j.gemm(w2d(), col, false, false); // [outC, n outH outW]
    if (b != null) z2d.addiColumnVector(b.reshape(outChannels, 1));
    // to NCHW, copying whole outH x outW planes
    INDArray z = z2d.reshape('c', outChannels, n, outH, outW).permute(1, 0, 2, 3).dup('c');
    return new Conv2dPass(im2col, col, z, activation.apply(z));
  }

  /** Saved state of one pass: the im2col map and matrix (for dL/dx and dL/dW), z and a (for f'). */
  public final class Conv2dPass extends ActivatedState {
    private final Im2col im2col;
    private final INDArray col;
    private INDArray gradZ2d;

    /** z, f'(z) and dL/dz are [n, outC, outH, outW]. */
    private Conv2dPass(Im2col im2col, INDArray col, INDArray z, INDArray a) {
      super(name, activation, z, a);
      this.im2col = im2col;
      this.col = col;
    }

    @Override
    public Map<String, INDArray> parameters() {
      return Conv2d.this.parameters();
    }

    /** dW = dL/dz col^T straight into {@code into.get("W")} when it is contiguous. */
    @Override
    public INDArray backwardInto(INDArray gradOutput, Map<String, INDArray> into) {
      backwardParametersInto(gradOutput, into);
      return gradInput();
    }

    /** dW and db into {@code into}, without the col2im of dL/dx. */
    @Override
    public void backwardParametersInto(INDArray gradOutput, Map<String, INDArray> into) {
      signal2d(gradOutput);
      INDArray gradW = into.get("W");
      if (gradW.ordering() == 'c' && Shape.hasDefaultStridesForShape(gradW)) {
        Nd4j.gemm(gradZ2d, col, gradW.reshape('c', outChannels, col.rows()), false, true, 1.0, 0.0);
      } else {
        gradW.assign(Nd4j.gemm(gradZ2d, col, false, true).reshape('c', w.shape()));
      }
      if (b != null) into.get("b").assign(gradZ2d.sum(1).reshape(b.shape()));
    }

    /** dL/dz, and as [outC, n outH outW] for the gemms. */
    private void signal2d(INDArray gradOutput) {
      gradZ2d =
          signal(gradOutput).permute(1, 0, 2, 3).dup('c').reshape('c', outChannels, col.columns());
    }

    /** dL/dx = col2im(w^T dL/dz): each window's share goes back to the pixels it read. */
    private INDArray gradInput() {
      return im2col.scatterAdd(Nd4j.gemm(w2d(), gradZ2d, true, false));
    }
  }
}
