package gradflow.model;

import gradflow.layers.Activation;
import gradflow.layers.ActivationLayer;
import gradflow.layers.Activations;
import gradflow.layers.AvgPool2d;
import gradflow.layers.BatchNorm;
import gradflow.layers.Conv2d;
import gradflow.layers.Dense;
import gradflow.layers.Dropout;
import gradflow.layers.Flatten;
import gradflow.layers.Layer;
import gradflow.layers.LayerNorm;
import gradflow.layers.MaxPool2d;
import gradflow.layers.Maxout;
import gradflow.layers.Padding;
import gradflow.layers.Residual;
import gradflow.spec.ActivationKind;
import gradflow.spec.ActivationLayerSpec;
import gradflow.spec.ActivationSpec;
import gradflow.spec.AvgPool2dSpec;
import gradflow.spec.BatchNormSpec;
import gradflow.spec.Conv2dSpec;
import gradflow.spec.DenseSpec;
import gradflow.spec.DropoutSpec;
import gradflow.spec.FlattenSpec;
import gradflow.spec.ImportedModel;
import gradflow.spec.LayerNormSpec;
import gradflow.spec.LayerShapes;
import gradflow.spec.LayerSpec;
import gradflow.spec.MaxPool2dSpec;
import gradflow.spec.MaxoutSpec;
import gradflow.spec.NetworkSpec;
import gradflow.spec.ParamShape;
import gradflow.spec.ResidualSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Builds a {@link Network} from a spec: names layers "{type}_{index}" (1-based in spec order, a
 * residual block before its inner layers), infers shapes, lays all parameters out in one flat
 * buffer and initialises them from the spec's seed. Shapes, parameters, inits and fans are the
 * layer specs' own ({@link LayerSpec#parameters}); this class maps each kind to its runtime layer.
 */
public final class NetworkBuilder {
  private final NetworkSpec spec;
  private final List<ParamPlan> params = new ArrayList<>();
  private final List<LayerInfo> infos = new ArrayList<>();
  private int nextIndex = 1;

  private NetworkBuilder(NetworkSpec spec) {
    this.spec = spec;
  }

  public static Network build(NetworkSpec spec, DataType dataType) {
    NetworkBuilder builder = new NetworkBuilder(spec);
    long[] input = inputShape(spec);
    List<LayerPlan> plans = builder.plan(spec.layers(), input);
    return builder.assemble(plans, dataType, input);
  }

  /**
   * The number of scalars {@link #build} would allocate for parameters, from the same plan and
   * without allocating them. ArithmeticException when it overflows a long.
   */
  public static long parameterCount(NetworkSpec spec) {
    NetworkBuilder builder = new NetworkBuilder(spec);
    builder.plan(spec.layers(), inputShape(spec));
    long total = 0;
    for (ParamPlan p : builder.params) total = Math.addExact(total, p.length());
    return total;
  }

  private static long[] inputShape(NetworkSpec spec) {
    return spec.input().stream().mapToLong(Integer::longValue).toArray();
  }

  private List<LayerPlan> plan(List<LayerSpec> layers, long[] shape) {
    List<LayerPlan> plans = new ArrayList<>();
    for (LayerSpec layer : layers) {
      int index = nextIndex++;
      String name = layerName(layer, index);
      int infoAt = infos.size();
      infos.add(null); // placeholder: a residual's info precedes its inner layers'
      List<LayerPlan> inner = List.of();
      long[] out;
      if (layer instanceof ResidualSpec r) {
        inner = plan(r.layers(), shape);
        out = inner.get(inner.size() - 1).outputShape();
        if (!Arrays.equals(out, shape))
          throw new IllegalArgumentException(
              name + ": the block maps " + Arrays.toString(shape) + " to " + Arrays.toString(out));
      } else {
        out = outputShape(layer, shape, name);
      }
      LayerPlan plan = new LayerPlan(layer, name, index, shape, out, inner);
      planParameters(plan);
      infos.set(
          infoAt,
          new LayerInfo(
              index,
              name,
              layer.type(),
              activationName(layer),
              plan.units(),
              layer instanceof MaxoutSpec m ? m.k() : 1,
              activationAlpha(layer)));
      plans.add(plan);
      shape = out;
    }
    return plans;
  }

  /** The spec's output shape, with the layer's name on a problem (specs built in code). */
  private static long[] outputShape(LayerSpec layer, long[] in, String name) {
    try {
      return layer.outputShape(in);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
  }

  /** Names, shapes, inits and fans all come from the layer's spec. */
  private void planParameters(LayerPlan plan) {
    for (ParamShape p : plan.spec().parameters(plan.inputShape()))
      params.add(
          new ParamPlan(
              plan.name() + "." + p.name(),
              p.shape(),
              p.init(),
              Math.toIntExact(p.fanIn()),
              Math.toIntExact(p.fanOut())));
  }

  private static String activationName(LayerSpec layer) {
    return layer.activation() == null ? "" : Activations.of(layer.activation()).name();
  }

  /** The alpha the built activation uses, for the kinds that take one; NaN otherwise. */
  private static double activationAlpha(LayerSpec layer) {
    ActivationSpec f =
        layer instanceof DenseSpec d
            ? d.activation()
            : layer instanceof Conv2dSpec c ? c.activation() : null;
    if (f == null) return Double.NaN;
    boolean takesAlpha = f.kind() == ActivationKind.LEAKY_RELU || f.kind() == ActivationKind.ELU;
    return takesAlpha ? f.alpha() : Double.NaN;
  }

  private Network assemble(List<LayerPlan> plans, DataType dataType, long[] exampleShape) {
    long total = 0;
    for (ParamPlan p : params) total = Math.addExact(total, p.length());
    double[] values = new double[Math.toIntExact(total)];
    SplittableRandom rng = new SplittableRandom(spec.seed());
    int offset = 0;
    ImportedModel model = spec.model();
    for (ParamPlan p : params) {
      SplittableRandom own = rng.split(); // split for every parameter: the streams stay the same
      if (model != null && model.fileWeights()) {
        float[] v = model.values().get(p.name());
        if (v == null || v.length != p.length())
          throw new IllegalArgumentException(
              p.name()
                  + ": the model file has "
                  + (v == null ? "no value" : v.length + " values")
                  + " for it, the layer needs "
                  + p.length());
        for (int i = 0; i < v.length; i++) values[offset + i] = v[i];
      } else {
        double[] v = Initializer.values(p.init(), (int) p.length(), p.fanIn(), p.fanOut(), own);
        System.arraycopy(v, 0, values, offset, v.length);
      }
      offset += (int) p.length();
    }
    INDArray flatParams = Nd4j.createFromArray(values).castTo(dataType).reshape(1, total);
    INDArray flatGrads = Nd4j.zeros(dataType, 1, total);
    Map<String, INDArray> paramViews = new LinkedHashMap<>();
    Map<String, INDArray> gradViews = new LinkedHashMap<>();
    offset = 0;
    for (ParamPlan p : params) {
      paramViews.put(p.name(), view(flatParams, offset, p.shape()));
      gradViews.put(p.name(), view(flatGrads, offset, p.shape()));
      offset += (int) p.length();
    }
    return new Network(
        layers(plans, paramViews),
        infos,
        flatParams,
        flatGrads,
        paramViews,
        gradViews,
        exampleShape);
  }

  private List<Layer> layers(List<LayerPlan> plans, Map<String, INDArray> p) {
    List<Layer> layers = new ArrayList<>();
    for (LayerPlan plan : plans) layers.add(layer(plan, p));
    return layers;
  }

  private Layer layer(LayerPlan plan, Map<String, INDArray> p) {
    String name = plan.name();
    LayerSpec layer = plan.spec();
    if (layer instanceof DenseSpec d)
      return new Dense(
          name, p.get(name + ".W"), p.get(name + ".b"), Activations.of(d.activation()));
    if (layer instanceof MaxoutSpec m)
      return new Maxout(name, p.get(name + ".W"), p.get(name + ".b"), m.units(), m.k());
    if (layer instanceof Conv2dSpec c) {
      Activation f = Activations.of(c.activation());
      Padding padding = Padding.valueOf(c.padding().name());
      return new Conv2d(
          name, p.get(name + ".W"), p.get(name + ".b"), c.strideH(), c.strideW(), padding, f);
    }
    if (layer instanceof MaxPool2dSpec m)
      return new MaxPool2d(name, m.kernelH(), m.kernelW(), m.strideH(), m.strideW());
    if (layer instanceof AvgPool2dSpec a)
      return new AvgPool2d(name, a.kernelH(), a.kernelW(), a.strideH(), a.strideW());
    if (layer instanceof FlattenSpec) return new Flatten(name);
    if (layer instanceof BatchNormSpec b) {
      INDArray gamma = p.get(name + ".gamma");
      float[][] running = spec.model() == null ? null : spec.model().runningStatistics().get(name);
      if (running == null)
        return new BatchNorm(name, gamma, p.get(name + ".beta"), b.momentum(), b.epsilon());
      return new BatchNorm(
          name,
          gamma,
          p.get(name + ".beta"),
          detached(running[0], gamma),
          detached(running[1], gamma),
          b.momentum(),
          b.epsilon());
    }
    if (layer instanceof ActivationLayerSpec a)
      return new ActivationLayer(name, Activations.of(a.activation()));
    if (layer instanceof LayerNormSpec l)
      return new LayerNorm(name, p.get(name + ".gamma"), p.get(name + ".beta"), l.epsilon());
    // each dropout layer draws its own masks: seed from the spec's seed and the layer index
    if (layer instanceof DropoutSpec d)
      return new Dropout(
          name, d.rate(), new SplittableRandom(spec.seed()).split().nextLong() + plan.index());
    if (layer instanceof ResidualSpec) return new Residual(name, layers(plan.inner(), p));
    throw new IllegalArgumentException(name + ": unknown layer type " + layer.type());
  }

  /** The file's running statistics, as BatchNorm wants them: outside any workspace. */
  private static INDArray detached(float[] values, INDArray like) {
    try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      return Nd4j.createFromArray(values).castTo(like.dataType());
    }
  }

  /** "{type}_{index}", or the name the imported model's file gives the layer. */
  private String layerName(LayerSpec layer, int index) {
    ImportedModel model = spec.model();
    return model == null ? layer.type() + "_" + index : model.layerNames().get(index - 1);
  }

  private static INDArray view(INDArray flat, long offset, long[] shape) {
    return flat.get(
            NDArrayIndex.point(0), NDArrayIndex.interval(offset, offset + LayerShapes.size(shape)))
        .reshape('c', shape);
  }
}
