package gradflow.layers;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.shape.OneHot;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Maxout layer (Goodfellow et al., 2013): h_u = max_j z_{u,j}, with z = x W + b.
 *
 * <p>Shapes: x [n, in], W [in, units * k] and b [units * k], where column u * k + j holds piece j
 * of unit u; output [n, units]. The gradient flows only to the winning piece of each unit and
 * example. Ties go to the lowest piece index, and the same winners drive the piece-win counts.
 */
public final class Maxout implements Layer {
  private final String name;
  private final INDArray w;
  private final INDArray b;
  private final int units;
  private final int k;

  public Maxout(String name, INDArray w, INDArray b, int units, int k) {
    if (w.rank() != 2 || w.columns() != (long) units * k)
      throw new IllegalArgumentException(
          name + ": W must be [in, " + units * k + "], found " + Arrays.toString(w.shape()));
    if (b.length() != (long) units * k)
      throw new IllegalArgumentException(name + ": b must have " + units * k + " entries");
    this.name = name;
    this.w = w;
    this.b = b;
    this.units = units;
    this.k = k;
  }

  @Override
  public String name() {
    return name;
  }

  public int units() {
    return units;
  }

  public int pieces() {
    return k;
  }

  @Override
  public long[] outputShape(long[] inputShape) {
    long in = Arrays.stream(inputShape).reduce(1, (x, y) -> x * y);
    if (in != w.rows())
      throw new IllegalArgumentException(
          name + ": input has " + in + " features, W expects " + w.rows());
    return new long[] {units};
  }

  @Override
  public Map<String, INDArray> parameters() {
    Map<String, INDArray> params = new LinkedHashMap<>();
    params.put("W", w);
    params.put("b", b);
    return params;
  }

  /** Behaves the same in every mode: the context is not read. */
  @Override
  public MaxoutPass forward(INDArray input, ForwardContext context) {
    return forward(input);
  }

  @Override
  public MaxoutPass forward(INDArray input) {
    INDArray x = input.rank() == 2 ? input : input.reshape(input.size(0), -1);
    if (x.columns() != w.rows())
      throw new IllegalArgumentException(
          name + ": input has " + x.columns() + " columns, W expects " + w.rows());
    long n = x.rows();
    INDArray z = x.mmul(w).addiRowVector(b).reshape(n, units, k);
    INDArray winners = Nd4j.argMax(z, 2); // first maximum: lowest piece index on ties
    INDArray winMask = Nd4j.exec(new OneHot(winners, k, -1, 1.0, 0.0, z.dataType()))[0];
    INDArray h = z.max(2);
    return new MaxoutPass(input, x, winMask, h);
  }

  /** Saved state of one pass: the input and a one-hot mask of the winning pieces [n, units, k]. */
  public final class MaxoutPass implements SignalPass, PieceWinPass, KinkPass {
    private final INDArray originalInput;
    private final INDArray x;
    private final INDArray winMask;
    private final INDArray h;
    private INDArray gradH;

    private MaxoutPass(INDArray originalInput, INDArray x, INDArray winMask, INDArray h) {
      this.originalInput = originalInput;
      this.x = x;
      this.winMask = winMask;
      this.h = h;
    }

    @Override
    public INDArray output() {
      return h;
    }

    /** One-hot [n, units, k]: 1 at the piece that won unit u for example i. */
    public INDArray winMask() {
      return winMask;
    }

    /** Wins of each (unit, piece) over this batch, [units, k]. */
    @Override
    public INDArray winCounts() {
      return winMask.sum(0);
    }

    /** The winning piece of every unit and example. */
    @Override
    public int kinkPattern() {
      return KinkPass.hashOf(winMask);
    }

    /** dL/dz at the winning piece of each unit, which is dL/dh: [n, units]. */
    @Override
    public INDArray gradPreActivation() {
      return gradH;
    }

    /** dL/dh as received: the same array as {@link #gradPreActivation()}. */
    @Override
    public INDArray gradOutput() {
      return gradH;
    }

    @Override
    public Map<String, INDArray> parameters() {
      return Maxout.this.parameters();
    }

    /** dL/dz is dL/dh at each winning piece and 0 elsewhere; dW = x^T dL/dz, db = sum_n dL/dz. */
    @Override
    public INDArray backwardInto(INDArray gradOutput, Map<String, INDArray> into) {
      INDArray gradZ = parameterGradients(gradOutput, into);
      INDArray gradX = Nd4j.gemm(gradZ, w, false, true);
      return gradX.reshape(originalInput.shape());
    }

    @Override
    public void backwardParametersInto(INDArray gradOutput, Map<String, INDArray> into) {
      parameterGradients(gradOutput, into);
    }

    /** dW and db into {@code into}; returns dL/dz as [n, units k]. */
    private INDArray parameterGradients(INDArray gradOutput, Map<String, INDArray> into) {
      Gradients.requireShape(name, gradOutput, h);
      gradH = gradOutput;
      long n = x.rows();
      INDArray gradZ3 = winMask.ulike();
      Nd4j.exec(new BroadcastMulOp(winMask, gradOutput, gradZ3, 0, 1));
      INDArray gradZ = gradZ3.reshape(n, (long) units * k);
      into.get("W").assign(Nd4j.gemm(x, gradZ, true, false));
      into.get("b").assign(gradZ.sum(0));
      return gradZ;
    }
  }
}
