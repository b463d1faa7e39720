package gradflow.layers;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fully connected layer: z = x W + b, a = f(z).
 *
 * <p>Shapes: x [n, in], W [in, units], b [units] (absent when the spec says {@code bias: false}), z
 * and a [n, units]. Backward: dL/dz = dL/da * f'(z), dL/dW = x^T dL/dz, dL/db = sum_n dL/dz, dL/dx
 * = dL/dz W^T.
 */
public final class Dense implements Layer {
  private final String name;
  private final INDArray w;
  private final INDArray b;
  private final Activation activation;

  /** {@code b} may be null for a layer without bias. */
  public Dense(String name, INDArray w, INDArray b, Activation activation) {
    if (w.rank() != 2) throw new IllegalArgumentException(name + ": W must be [in, units]");
    if (b != null && b.length() != w.columns())
      throw new IllegalArgumentException(
          name + ": b has " + b.length() + " entries, W has " + w.columns() + " columns");
    this.name = name;
    this.w = w;
    this.b = b;
    this.activation = activation;
  }

  @Override
  public String name() {
    return name;
  }

  public Activation activation() {
    return activation;
  }

  public long units() {
    return w.columns();
  }

  @Override
  public long[] outputShape(long[] inputShape) {
    long in = Arrays.stream(inputShape).reduce(1, (x, y) -> x * y);
    if (in != w.rows())
      throw new IllegalArgumentException(
          name + ": input has " + in + " features, W expects " + w.rows());
    return new long[] {w.columns()};
  }

  @Override
  public Map<String, INDArray> parameters() {
    Map<String, INDArray> params = new LinkedHashMap<>();
    params.put("W", w);
    if (b != null) params.put("b", b);
    return params;
  }

  /** Behaves the same in every mode: the context is not read. */
  @Override
  public DensePass forward(INDArray input, ForwardContext context) {
    return forward(input);
  }

  @Override
  public DensePass forward(INDArray input) {
    INDArray x = input.rank() == 2 ? input : input.reshape(input.size(0), -1);
    if (x.columns() != w.rows())
      throw new IllegalArgumentException(
          name + ": input has " + x.columns() + " columns, W expects " + w.rows());
    INDArray z = x.mmul(w);
    if (b != null) z.addiRowVector(b);
    return new DensePass(input, x, z, activation.apply(z));
  }

  /** Saved state of one pass: the input (for dL/dW), z and a (for f'). */
  public final class DensePass extends ActivatedState {
    private final INDArray originalInput;
    private final INDArray x;

    private DensePass(INDArray originalInput, INDArray x, INDArray z, INDArray a) {
      super(name, activation, z, a);
      this.originalInput = originalInput;
      this.x = x;
    }

    @Override
    public Map<String, INDArray> parameters() {
      return Dense.this.parameters();
    }

    /**
     * The backward pass: dW = x^T dL/dz straight into {@code into.get("W")} (and db into "b"): no
     * temporary.
     */
    @Override
    public INDArray backwardInto(INDArray gradOutput, Map<String, INDArray> into) {
      INDArray gradZ = parameterGradients(gradOutput, into);
      // dL/dx = dL/dz W^T, shaped like the original input
      return Nd4j.gemm(gradZ, w, false, true).reshape(originalInput.shape());
    }

    @Override
    public void backwardParametersInto(INDArray gradOutput, Map<String, INDArray> into) {
      parameterGradients(gradOutput, into);
    }

    /** dW and db into {@code into}; returns dL/dz. */
    private INDArray parameterGradients(INDArray gradOutput, Map<String, INDArray> into) {
      INDArray gradZ = signal(gradOutput);
      Nd4j.gemm(x, gradZ, into.get("W"), true, false, 1.0, 0.0);
      if (b != null) gradZ.sum(into.get("b"), 0);
      return gradZ;
    }
  }
}
