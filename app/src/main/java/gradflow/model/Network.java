package gradflow.model;

import gradflow.layers.CompositeLayer;
import gradflow.layers.ForwardContext;
import gradflow.layers.Layer;
import gradflow.layers.LayerPass;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A stack of layers whose parameters are views into one flat buffer, and whose gradients land in a
 * second flat buffer of the same layout. One buffer lets the optimizer and gradient clipping run as
 * a few large ops instead of one op per parameter.
 */
public final class Network {
  private final List<Layer> layers;
  private final long[] exampleShape;
  private final List<LayerInfo> infos;
  private final INDArray flatParams;
  private final INDArray flatGrads;
  private final Map<String, INDArray> params;
  private final Map<String, INDArray> grads;

  /** Per layer: short parameter name ("W") to its view into {@link #flatGrads}. */
  private final List<Map<String, INDArray>> layerGrads;

  Network(
      List<Layer> layers,
      List<LayerInfo> infos,
      INDArray flatParams,
      INDArray flatGrads,
      Map<String, INDArray> params,
      Map<String, INDArray> grads) {
    this(layers, infos, flatParams, flatGrads, params, grads, null);
  }

  /** {@code exampleShape}: the shape one example is reshaped to before the first layer, or null. */
  Network(
      List<Layer> layers,
      List<LayerInfo> infos,
      INDArray flatParams,
      INDArray flatGrads,
      Map<String, INDArray> params,
      Map<String, INDArray> grads,
      long[] exampleShape) {
    this.exampleShape = exampleShape;
    this.layers = List.copyOf(layers);
    this.infos = List.copyOf(infos);
    this.flatParams = flatParams;
    this.flatGrads = flatGrads;
    this.params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    this.grads = Collections.unmodifiableMap(new LinkedHashMap<>(grads));
    this.layerGrads = new ArrayList<>(layers.size());
    for (Layer layer : layers) {
      Map<String, INDArray> own = new LinkedHashMap<>();
      for (String param : layer.parameters().keySet())
        own.put(param, grads.get(qualifiedName(layer, param)));
      layerGrads.add(Collections.unmodifiableMap(own));
    }
  }

  /**
   * A parameter's network-wide name: "dense_3.W". A composite layer's keys already name their inner
   * layer ("dense_3.W" inside "residual_2") and are used as they are.
   */
  public static String qualifiedName(Layer layer, String param) {
    return layer instanceof CompositeLayer ? param : layer.name() + "." + param;
  }

  public List<Layer> layers() {
    return layers;
  }

  public List<LayerInfo> infos() {
    return infos;
  }

  public DataType dataType() {
    return flatParams.dataType();
  }

  /** All parameters as one row vector; layers' arrays are views into it. */
  public INDArray flatParameters() {
    return flatParams;
  }

  /** The latest step's gradients, laid out like {@link #flatParameters()}. */
  public INDArray flatGradients() {
    return flatGrads;
  }

  /**
   * Parameters by qualified name, layer name + "." + the layer's key ("dense_3.W"), input side
   * first. A Residual's keys are already qualified by its inner layers, so its inner Dense's
   * weights are "residual_2.dense_3.W".
   */
  public Map<String, INDArray> parameters() {
    return params;
  }

  /** Gradient views by qualified name, filled by {@link #backward}. */
  public Map<String, INDArray> gradients() {
    return grads;
  }

  /**
   * The same network (same parameter and gradient buffers) with layer {@code index} replaced by
   * {@code replacement}, which must use that layer's parameter arrays: for tests that plant a bug
   * in a backward pass.
   */
  public Network withLayer(int index, Layer replacement) {
    List<Layer> copy = new ArrayList<>(layers);
    copy.set(index, replacement);
    return new Network(copy, infos, flatParams, flatGrads, params, grads, exampleShape);
  }

  /** The slice of a flat array laid out like the parameters that belongs to {@code name}. */
  public INDArray slice(INDArray flat, String name) {
    INDArray param = params.get(name);
    long offset = param.offset() - flatParams.offset();
    return flat.get(
            org.nd4j.linalg.indexing.NDArrayIndex.point(0),
            org.nd4j.linalg.indexing.NDArrayIndex.interval(offset, offset + param.length()))
        .reshape('c', param.shape());
  }

  /**
   * Runs every layer forward in the mode {@code context} gives: training pass i (dropout masks of
   * pass i, batch statistics), a replay of one, or inference (BatchNorm uses its running averages,
   * Dropout is the identity). The returned passes are input side first.
   */
  public ForwardPass forward(INDArray x, ForwardContext context) {
    List<LayerPass> passes = new ArrayList<>(layers.size());
    // datasets hold flattened rows; image layers want [n, c, h, w]
    INDArray current =
        exampleShape != null && exampleShape.length > 1 && x.rank() == 2
            ? x.reshape(imageShape(x.rows()))
            : x;
    for (Layer layer : layers) {
      LayerPass pass = layer.forward(current, context);
      passes.add(pass);
      current = pass.output();
    }
    return new ForwardPass(passes, current);
  }

  /**
   * Backpropagates dL/d(output) through every layer pass and copies each parameter gradient into
   * the flat gradient buffer. Returns dL/dx for the network input.
   */
  public INDArray backward(ForwardPass pass, INDArray gradOutput) {
    INDArray grad = gradOutput;
    for (int i = layers.size() - 1; i >= 0; i--)
      grad = pass.layerPasses().get(i).backwardInto(grad, layerGrads.get(i));
    return grad;
  }

  /**
   * {@link #backward} without dL/dx for the network input, which training never reads: the same
   * flat gradient and the same per-layer state, one gemm (or col2im) less per step.
   */
  public void backwardParameters(ForwardPass pass, INDArray gradOutput) {
    INDArray grad = gradOutput;
    for (int i = layers.size() - 1; i > 0; i--)
      grad = pass.layerPasses().get(i).backwardInto(grad, layerGrads.get(i));
    pass.layerPasses().get(0).backwardParametersInto(grad, layerGrads.get(0));
  }

  private long[] imageShape(long rows) {
    long[] shape = new long[exampleShape.length + 1];
    shape[0] = rows;
    System.arraycopy(exampleShape, 0, shape, 1, exampleShape.length);
    return shape;
  }

  /** The outcome of one forward pass: each layer's pass and the network output. */
  public record ForwardPass(List<LayerPass> layerPasses, INDArray output) {}
}
