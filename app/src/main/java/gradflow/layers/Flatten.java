package gradflow.layers;

import java.util.Arrays;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Flattens each example to a vector in row-major order: [n, c, h, w] becomes [n, c h w], element
 * (c, i, j) landing at column (c h + i) w + j. Any rank of at least 2 works the same way. Backward
 * reshapes dL/dy back to the input's shape. No parameters.
 *
 * <p>The output is a view of the input when the input is contiguous (no copy); like every layer's
 * input it must not be modified.
 */
public final class Flatten implements Layer {
  private final String name;

  public Flatten(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public long[] outputShape(long[] inputShape) {
    if (inputShape.length == 0 || Arrays.stream(inputShape).anyMatch(d -> d < 1))
      throw new IllegalArgumentException(
          name + ": input shape must have positive sizes, found " + Arrays.toString(inputShape));
    return new long[] {Arrays.stream(inputShape).reduce(1, (x, y) -> x * y)};
  }

  @Override
  public Map<String, INDArray> parameters() {
    return Map.of();
  }

  /** Behaves the same in every mode: the context is not read. */
  @Override
  public FlattenPass forward(INDArray input, ForwardContext context) {
    return forward(input);
  }

  @Override
  public FlattenPass forward(INDArray input) {
    if (input.rank() < 2)
      throw new IllegalArgumentException(
          name + ": input must be [n, ...], found " + Arrays.toString(input.shape()));
    return new FlattenPass(
        input.shape(), input.reshape('c', input.size(0), input.length() / input.size(0)));
  }

  /** Saved state of one pass: the input shape. */
  public final class FlattenPass implements LayerPass {
    private final long[] inputShape;
    private final INDArray y;

    private FlattenPass(long[] inputShape, INDArray y) {
      this.inputShape = inputShape;
      this.y = y;
    }

    @Override
    public INDArray output() {
      return y;
    }

    @Override
    public Map<String, INDArray> parameters() {
      return Flatten.this.parameters();
    }

    @Override
    public INDArray backwardInto(INDArray gradOutput, Map<String, INDArray> into) {
      Gradients.requireShape(name, gradOutput, y);
      return gradOutput.dup('c').reshape('c', inputShape);
    }
  }
}
