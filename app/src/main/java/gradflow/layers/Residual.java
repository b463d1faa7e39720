package gradflow.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Residual connection (He et al., 2016): y = x + F(x), where F is a block of layers run in order.
 *
 * <p>Shapes: the block must map x [n, ...] to its own shape, and y is shaped like x. Backward:
 * dL/dx = dL/dy + dL/dx through F, and each inner parameter gets its gradient through F.
 *
 * <p>{@link #parameters()} holds every inner layer's parameters under "inner name.key"
 * ("dense_3.W"), input side first; a network keeps those names, which are unique because layer
 * names are. A {@link LayerPass#backwardInto} map keyed the same way is split back into one map per
 * inner layer.
 */
public final class Residual implements CompositeLayer {
  private final String name;
  private final List<Layer> block;

  public Residual(String name, List<Layer> block) {
    if (block.isEmpty())
      throw new IllegalArgumentException(name + ": a residual block needs at least one layer");
    Set<String> names = new HashSet<>();
    for (Layer layer : block)
      if (!names.add(layer.name()))
        throw new IllegalArgumentException(
            name + ": two layers of the block are named '" + layer.name() + "'");
    this.name = name;
    this.block = List.copyOf(block);
  }

  @Override
  public String name() {
    return name;
  }

  /** The layers of F, input side first. */
  public List<Layer> block() {
    return block;
  }

  @Override
  public List<Layer> innerLayers() {
    return block;
  }

  @Override
  public long[] outputShape(long[] inputShape) {
    long[] shape = inputShape;
    for (Layer layer : block) shape = layer.outputShape(shape);
    if (!Arrays.equals(shape, inputShape))
      throw new IllegalArgumentException(
          name
              + ": the block maps input shape "
              + Arrays.toString(inputShape)
              + " to output shape "
              + Arrays.toString(shape)
              + "; a residual block must keep the shape of its input");
    return inputShape.clone();
  }

  @Override
  public Map<String, INDArray> parameters() {
    Map<String, INDArray> params = new LinkedHashMap<>();
    for (Layer layer : block)
      for (Map.Entry<String, INDArray> e : layer.parameters().entrySet())
        params.put(qualified(layer, e.getKey()), e.getValue());
    return params;
  }

  /** Keys of a nested composite are already qualified by their leaf layer's name. */
  private static String qualified(Layer layer, String key) {
    return layer instanceof CompositeLayer ? key : layer.name() + "." + key;
  }

  @Override
  public ResidualPass forward(INDArray input) {
    return forward(input, ForwardContext.training(0));
  }

  @Override
  public ResidualPass forward(INDArray input, ForwardContext context) {
    List<LayerPass> passes = new ArrayList<>(block.size());
    INDArray current = input;
    for (Layer layer : block) {
      LayerPass pass = layer.forward(current, context);
      passes.add(pass);
      current = pass.output();
    }
    if (!Arrays.equals(current.shape(), input.shape()))
      throw new IllegalArgumentException(
          name
              + ": the block maps input "
              + Arrays.toString(input.shape())
              + " to output "
              + Arrays.toString(current.shape()));
    return new ResidualPass(passes, input.add(current));
  }

  /** Saved state of one pass: the inner passes, input side first. */
  public final class ResidualPass implements CompositePass {
    private final List<LayerPass> innerPasses;
    private final INDArray y;

    private ResidualPass(List<LayerPass> innerPasses, INDArray y) {
      this.innerPasses = List.copyOf(innerPasses);
      this.y = y;
    }

    @Override
    public INDArray output() {
      return y;
    }

    /** The passes of the block's layers, input side first (so diagnostics can look inside). */
    @Override
    public List<LayerPass> innerPasses() {
      return innerPasses;
    }

    @Override
    public Map<String, INDArray> parameters() {
      return Residual.this.parameters();
    }

    /** Hands each inner pass its own slice of {@code into}, keyed by its short names. */
    @Override
    public INDArray backwardInto(INDArray gradOutput, Map<String, INDArray> into) {
      Gradients.requireShape(name, gradOutput, y);
      INDArray grad = gradOutput;
      for (int i = block.size() - 1; i >= 0; i--) {
        Layer layer = block.get(i);
        Map<String, INDArray> own = new LinkedHashMap<>();
        for (String key : layer.parameters().keySet()) {
          INDArray target = into.get(qualified(layer, key));
          if (target == null)
            throw new IllegalArgumentException(
                name + ": no gradient array for " + qualified(layer, key));
          own.put(key, target);
        }
        grad = innerPasses.get(i).backwardInto(grad, own);
      }
      return gradOutput.add(grad);
    }
  }
}
