package gradflow.onnx;

import gradflow.onnx.OnnxTensors.Tensor;
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
import gradflow.spec.ImportedModel.Source;
import gradflow.spec.InitSpec;
import gradflow.spec.LayerSpec;
import gradflow.spec.MaxPool2dSpec;
import gradflow.spec.ModelImport.Failure;
import gradflow.spec.PaddingSpec;
import gradflow.spec.ResidualSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.ValueInfoProto;

/**
 * Maps an ONNX graph that is a chain of layers (with Add of an earlier tensor as a residual block)
 * onto gradflow layers, node by node, keeping the file's names and weights. Weights are stored in
 * gradflow's layout: a Gemm's B with transB = 1 ([out, in], PyTorch's Linear) is transposed to [in,
 * out]; convolution kernels are [out, in, kh, kw] in both.
 */
final class GraphMapper {
  static final List<String> SUPPORTED =
      List.of(
          "Gemm",
          "MatMul",
          "Add",
          "Conv",
          "BatchNormalization",
          "Relu",
          "LeakyRelu",
          "Sigmoid",
          "Tanh",
          "Elu",
          "Selu",
          "Softplus",
          "MaxPool",
          "AveragePool",
          "GlobalAveragePool",
          "Flatten",
          "Reshape",
          "Dropout",
          "Identity",
          "Softmax",
          "LogSoftmax",
          "Constant",
          "Pad");

  /** Shape plumbing that exporters emit around an operator gradflow lacks (LSTM, attention). */
  private static final Set<String> PLUMBING =
      Set.of(
          "Shape",
          "Gather",
          "Unsqueeze",
          "Squeeze",
          "Concat",
          "Slice",
          "Expand",
          "Transpose",
          "Cast",
          "ConstantOfShape",
          "Range",
          "Equal",
          "Where",
          "Mul",
          "Div",
          "Sub");

  private static final InitSpec XAVIER = new InitSpec.Scaled(InitSpec.Scheme.XAVIER_UNIFORM);
  private static final InitSpec HE = new InitSpec.Scaled(InitSpec.Scheme.HE_UNIFORM);
  private static final ActivationSpec LINEAR = ActivationSpec.of(ActivationKind.LINEAR);

  /** A layer being built: a residual block holds the items of its block. */
  private record Item(LayerSpec spec, String name, List<Item> inner) {}

  private final GraphProto graph;
  private final Path dir;
  private final int opset;
  private final Map<String, TensorProto> initializers = new HashMap<>();
  private final Map<String, TensorProto> constants = new HashMap<>();
  private final List<Item> items = new ArrayList<>();
  private final Map<String, float[]> values = new LinkedHashMap<>();
  private final Map<String, float[][]> running = new LinkedHashMap<>();
  private final Map<String, Source> sources = new LinkedHashMap<>();
  private final Set<String> names = new HashSet<>();

  /** For each tensor that was the chain's current one: how many items existed then. */
  private final Map<String, Integer> positions = new HashMap<>();

  private final Map<String, long[]> shapes = new HashMap<>();
  private String current;
  private long[] shape;

  /** The item whose activation a following activation node sets, or -1. */
  private int activatable = -1;

  GraphMapper(GraphProto graph, Path dir, int opset) {
    this.graph = graph;
    this.dir = dir;
    this.opset = opset;
    for (TensorProto t : graph.getInitializerList()) initializers.put(t.getName(), t);
  }

  ImportedModel map(Path file) throws Failure {
    refuseUnsupported();
    List<Integer> input = input();
    for (NodeProto node : graph.getNodeList()) node(node);
    if (items.isEmpty()) throw new Failure("the graph has no layers", null);
    String output = graph.getOutput(0).getName();
    if (!output.equals(current))
      throw new Failure(
          "the graph's output '"
              + output
              + "' is not the end of its chain of layers ('"
              + current
              + "')",
          "gradflow imports a chain of layers with residual adds");
    List<String> layerNames = new ArrayList<>();
    flattenNames(items, layerNames);
    return new ImportedModel(
        file,
        items.stream().map(Item::spec).toList(),
        input,
        layerNames,
        true,
        values,
        running,
        sources);
  }

  /** Every node is a supported operator, or the most telling unsupported one is named. */
  private void refuseUnsupported() throws Failure {
    List<NodeProto> unsupported = new ArrayList<>();
    for (NodeProto n : graph.getNodeList())
      if (!n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx")
          || !SUPPORTED.contains(n.getOpType())) unsupported.add(n);
    if (unsupported.isEmpty()) return;
    NodeProto named =
        unsupported.stream()
            .filter(n -> !PLUMBING.contains(n.getOpType()))
            .findFirst()
            .orElse(unsupported.get(0));
    Set<String> others = new java.util.TreeSet<>();
    for (NodeProto n : unsupported) if (n != named) others.add(n.getOpType());
    throw new Failure(
        "node '"
            + named.getName()
            + "' ("
            + named.getOpType()
            + ", opset "
            + opset
            + ") is not supported"
            + (others.isEmpty() ? "" : "; nor are its " + String.join(", ", others) + " nodes")
            + "; supported operators: "
            + String.join(", ", SUPPORTED),
        "gradflow builds chains of dense, conv, pooling, normalisation and activation layers"
            + " with residual adds; recurrent and attention models cannot be imported");
  }

  /** The example shape of the graph's first input that is not an initializer. */
  private List<Integer> input() throws Failure {
    for (ValueInfoProto in : graph.getInputList()) {
      if (initializers.containsKey(in.getName())) continue;
      var dims = in.getType().getTensorType().getShape().getDimList();
      if (dims.size() != 2 && dims.size() != 4)
        throw new Failure(
            "input '"
                + in.getName()
                + "' has "
                + dims.size()
                + " dimensions; gradflow takes"
                + " [batch, features] or [batch, channels, height, width]",
            null);
      List<Integer> example = new ArrayList<>();
      for (int i = 1; i < dims.size(); i++) {
        long d = dims.get(i).getDimValue();
        if (d <= 0 || d > Integer.MAX_VALUE)
          throw new Failure(
              "input '" + in.getName() + "' has no fixed size in dimension " + i,
              "export with a fixed example shape (the batch dimension may stay dynamic)");
        example.add((int) d);
      }
      current = in.getName();
      shape = example.stream().mapToLong(Integer::longValue).toArray();
      positions.put(current, 0);
      shapes.put(current, shape);
      return example;
    }
    throw new Failure("the graph has no input", null);
  }

  private void node(NodeProto n) throws Failure {
    String op = n.getOpType();
    if (op.equals("Constant")) {
      for (AttributeProto a : n.getAttributeList())
        if (a.getName().equals("value")) constants.put(n.getOutput(0), a.getT());
      return;
    }
    if (op.equals("Add")) {
      add(n);
      return;
    }
    if (!n.getInput(0).equals(current))
      throw new Failure(
          "node '"
              + n.getName()
              + "' ("
              + op
              + ") reads '"
              + n.getInput(0)
              + "', not the output of the layer before it ('"
              + current
              + "')",
          "gradflow imports a chain of layers with residual adds; branches and merges other"
              + " than x + block(x) are not supported");
    switch (op) {
      case "Gemm" -> gemm(n);
      case "MatMul" -> matMul(n);
      case "Conv" -> conv(n);
      case "BatchNormalization" -> batchNorm(n);
      case "Relu" -> activation(n, ActivationSpec.of(ActivationKind.RELU));
      case "Sigmoid" -> activation(n, ActivationSpec.of(ActivationKind.SIGMOID));
      case "Tanh" -> activation(n, ActivationSpec.of(ActivationKind.TANH));
      case "LeakyRelu" ->
          activation(n, new ActivationSpec(ActivationKind.LEAKY_RELU, floatAttr(n, "alpha", 0.01)));
      case "Elu" -> activation(n, new ActivationSpec(ActivationKind.ELU, floatAttr(n, "alpha", 1)));
      case "Selu" -> selu(n);
      case "Softplus" -> activation(n, ActivationSpec.expr("softplus(x)"));
      case "Softmax", "LogSoftmax" -> softmax(n);
      case "MaxPool", "AveragePool" -> pool(n);
      case "GlobalAveragePool" -> {
        requireImage(n);
        int h = (int) shape[1];
        int w = (int) shape[2];
        layer(n, new AvgPool2dSpec(h, w, h, w), nodeName(n));
      }
      case "Flatten" -> {
        if (intAttr(n, "axis", 1) != 1)
          throw unsupportedAttribute(n, "axis " + intAttr(n, "axis", 1), "axis 1");
        layer(n, new FlattenSpec(), nodeName(n));
      }
      case "Reshape" -> reshape(n);
      case "Dropout" -> layer(n, new DropoutSpec(dropoutRatio(n)), nodeName(n));
      case "Identity" -> follow(n);
      case "Pad" -> pad(n);
      default -> throw new AssertionError("refuseUnsupported lets only supported ops through");
    }
  }

  private void gemm(NodeProto n) throws Failure {
    if (intAttr(n, "transA", 0) != 0) throw unsupportedAttribute(n, "transA 1", "transA 0");
    if (floatAttr(n, "alpha", 1) != 1 || floatAttr(n, "beta", 1) != 1)
      throw unsupportedAttribute(n, "alpha or beta other than 1", "alpha 1 and beta 1");
    boolean transB = intAttr(n, "transB", 0) == 1;
    Tensor b = weight(n, 1);
    if (b.dims().length != 2) throw new Failure(where(n) + ": B must be 2-D", null);
    long in = transB ? b.dims()[1] : b.dims()[0];
    long out = transB ? b.dims()[0] : b.dims()[1];
    dense(
        n,
        b,
        in,
        out,
        transB,
        n.getInputCount() > 2 && !n.getInput(2).isEmpty() ? weight(n, 2) : null);
  }

  private void matMul(NodeProto n) throws Failure {
    Tensor b = weight(n, 1);
    if (b.dims().length != 2) throw new Failure(where(n) + ": B must be 2-D", null);
    dense(n, b, b.dims()[0], b.dims()[1], false, null);
  }

  private void dense(NodeProto n, Tensor w, long in, long out, boolean transposed, Tensor bias)
      throws Failure {
    long features = size(shape);
    if (in != features)
      throw new Failure(
          where(n) + " takes " + in + " inputs, but the layer before it gives " + features, null);
    if (bias != null && bias.size() != out)
      throw new Failure(where(n) + ": its bias has " + bias.size() + " values, not " + out, null);
    String name = prefixName(w.name(), n);
    DenseSpec spec = new DenseSpec((int) out, LINEAR, XAVIER, new InitSpec.Zeros(), bias != null);
    float[] values = transposed ? transpose(w.values(), (int) out, (int) in) : w.values();
    param(
        name,
        "W",
        values,
        w.name(),
        transposed ? "[out, in] in the file, [in, out] here" : "[in, out]");
    if (bias != null) param(name, "b", bias.values(), bias.name(), "[out]");
    layer(n, spec, name);
    activatable = items.size() - 1;
  }

  private void conv(NodeProto n) throws Failure {
    requireImage(n);
    if (intAttr(n, "group", 1) != 1)
      throw unsupportedAttribute(n, "group " + intAttr(n, "group", 1), "group 1");
    for (long d : intsAttr(n, "dilations", new long[] {1, 1}))
      if (d != 1) throw unsupportedAttribute(n, "dilation " + d, "dilation 1");
    Tensor w = weight(n, 1);
    long[] dims = w.dims();
    if (dims.length != 4)
      throw new Failure(where(n) + ": only 2-D convolutions are supported", null);
    if (dims[1] != shape[0])
      throw new Failure(where(n) + " takes " + dims[1] + " channels, but gets " + shape[0], null);
    int kh = (int) dims[2];
    int kw = (int) dims[3];
    long[] strides = intsAttr(n, "strides", new long[] {1, 1});
    PaddingSpec padding = padding(n, kh, kw, strides);
    Tensor bias = n.getInputCount() > 2 && !n.getInput(2).isEmpty() ? weight(n, 2) : null;
    String name = prefixName(w.name(), n);
    Conv2dSpec spec =
        new Conv2dSpec(
            (int) dims[0],
            kh,
            kw,
            (int) strides[0],
            (int) strides[1],
            padding,
            LINEAR,
            HE,
            new InitSpec.Zeros(),
            bias != null);
    param(name, "W", w.values(), w.name(), "[out, in, kh, kw] in both");
    if (bias != null) param(name, "b", bias.values(), bias.name(), "[out]");
    layer(n, spec, name);
    activatable = items.size() - 1;
  }

  /** valid (no padding) or same (TensorFlow's split, the extra pixel after), else refused. */
  private PaddingSpec padding(NodeProto n, int kh, int kw, long[] strides) throws Failure {
    String auto = stringAttr(n, "auto_pad", "NOTSET");
    if (auto.equals("VALID")) return PaddingSpec.VALID;
    if (auto.equals("SAME_UPPER")) return PaddingSpec.SAME;
    if (!auto.equals("NOTSET"))
      throw unsupportedAttribute(n, "auto_pad " + auto, "NOTSET, VALID or SAME_UPPER");
    long[] pads = intsAttr(n, "pads", new long[] {0, 0, 0, 0});
    if (Arrays.stream(pads).allMatch(p -> p == 0)) return PaddingSpec.VALID;
    long[] same = new long[4];
    int[] kernel = {kh, kw};
    for (int axis = 0; axis < 2; axis++) {
      long in = shape[axis + 1];
      long s = strides[axis];
      long out = (in + s - 1) / s;
      long total = Math.max((out - 1) * s + kernel[axis] - in, 0);
      same[axis] = total / 2;
      same[axis + 2] = total - total / 2;
    }
    if (Arrays.equals(pads, same)) return PaddingSpec.SAME;
    throw unsupportedAttribute(
        n, "pads " + Arrays.toString(pads), "no padding, or " + Arrays.toString(same) + " (same)");
  }

  private void batchNorm(NodeProto n) throws Failure {
    Tensor scale = weight(n, 1);
    Tensor bias = weight(n, 2);
    Tensor mean = weight(n, 3);
    Tensor var = weight(n, 4);
    if (scale.size() != shape[0])
      throw new Failure(where(n) + " has " + scale.size() + " channels, gets " + shape[0], null);
    String name = prefixName(scale.name(), n);
    double momentum = floatAttr(n, "momentum", 0.9);
    double epsilon = floatAttr(n, "epsilon", 1e-5);
    // same meaning in both: running = momentum * running + (1 - momentum) * batch
    BatchNormSpec spec = new BatchNormSpec(momentum, epsilon);
    param(name, "gamma", scale.values(), scale.name(), "[channels]");
    param(name, "beta", bias.values(), bias.name(), "[channels]");
    running.put(name, new float[][] {mean.values(), var.values()});
    layer(n, spec, name);
  }

  private void selu(NodeProto n) throws Failure {
    double alpha = floatAttr(n, "alpha", 1.6732632);
    double gamma = floatAttr(n, "gamma", 1.050701);
    if (Math.abs(alpha - 1.6732632f) > 1e-6 || Math.abs(gamma - 1.050701f) > 1e-6)
      throw unsupportedAttribute(n, "alpha " + alpha + ", gamma " + gamma, "the standard SELU");
    activation(n, ActivationSpec.of(ActivationKind.SELU));
  }

  /** Sets the activation of the dense or conv layer just before, or makes an activation layer. */
  private void activation(NodeProto n, ActivationSpec a) throws Failure {
    if (activatable == items.size() - 1 && activatable >= 0) {
      Item item = items.get(activatable);
      items.set(activatable, new Item(item.spec().withActivation(a), item.name(), item.inner()));
      activatable = -1;
      follow(n);
      return;
    }
    layer(n, new ActivationLayerSpec(a), nodeName(n));
  }

  private void softmax(NodeProto n) throws Failure {
    boolean last = n.getOutput(0).equals(graph.getOutput(0).getName());
    if (!last || activatable != items.size() - 1 || activatable < 0)
      throw new Failure(
          "node '"
              + n.getName()
              + "' ("
              + n.getOpType()
              + ") is supported only as the last node,"
              + " right after a Gemm or MatMul",
          "gradflow's cross-entropy takes the logits; export the model without the softmax");
    activation(n, ActivationSpec.of(ActivationKind.SOFTMAX));
  }

  private void pool(NodeProto n) throws Failure {
    requireImage(n);
    long[] kernel = intsAttr(n, "kernel_shape", null);
    if (kernel == null || kernel.length != 2)
      throw new Failure(where(n) + ": only 2-D pooling is supported", null);
    long[] strides = intsAttr(n, "strides", new long[] {1, 1});
    long[] pads = intsAttr(n, "pads", new long[] {0, 0, 0, 0});
    if (Arrays.stream(pads).anyMatch(p -> p != 0))
      throw unsupportedAttribute(n, "pads " + Arrays.toString(pads), "no padding");
    if (intAttr(n, "ceil_mode", 0) != 0)
      throw unsupportedAttribute(n, "ceil_mode 1", "ceil_mode 0");
    for (long d : intsAttr(n, "dilations", new long[] {1, 1}))
      if (d != 1) throw unsupportedAttribute(n, "dilation " + d, "dilation 1");
    String auto = stringAttr(n, "auto_pad", "NOTSET");
    if (!auto.equals("NOTSET") && !auto.equals("VALID"))
      throw unsupportedAttribute(n, "auto_pad " + auto, "NOTSET or VALID");
    int kh = (int) kernel[0];
    int kw = (int) kernel[1];
    int sh = (int) strides[0];
    int sw = (int) strides[1];
    LayerSpec spec =
        n.getOpType().equals("MaxPool")
            ? new MaxPool2dSpec(kh, kw, sh, sw)
            : new AvgPool2dSpec(kh, kw, sh, sw);
    layer(n, spec, nodeName(n));
  }

  /** A Pad of zeros all round is nothing; any other padding is refused. */
  private void pad(NodeProto n) throws Failure {
    long[] pads =
        n.getInputCount() > 1 ? constantLongs(n, n.getInput(1)) : intsAttr(n, "pads", new long[0]);
    if (Arrays.stream(pads).anyMatch(p -> p != 0))
      throw new Failure(
          where(n)
              + " pads by "
              + Arrays.toString(pads)
              + "; only a padding of zero is supported"
              + " on its own",
          "pad inside the convolution (padding in the Conv), or pool without count_include_pad");
    follow(n);
  }

  /** Reshape to [batch, features] is a flatten; any other shape is refused. */
  private void reshape(NodeProto n) throws Failure {
    long[] target = constantLongs(n, n.getInput(1));
    long features = size(shape);
    boolean flat =
        target.length == 2
            && (target[1] == -1 || target[1] == features)
            && target[0] >= -1
            && !(target[0] == -1 && target[1] == -1);
    if (!flat)
      throw new Failure(
          where(n)
              + " reshapes to "
              + Arrays.toString(target)
              + "; only [batch, -1] (a flatten) is"
              + " supported",
          null);
    layer(n, new FlattenSpec(), nodeName(n));
  }

  private double dropoutRatio(NodeProto n) throws Failure {
    if (n.getInputCount() > 1 && !n.getInput(1).isEmpty()) {
      TensorProto t = constant(n, n.getInput(1));
      return OnnxTensors.floats(t, dir).values()[0];
    }
    return floatAttr(n, "ratio", 0.5);
  }

  /** x + block(x): the layers made since x was the chain's tensor become a residual block. */
  private void add(NodeProto n) throws Failure {
    String a = n.getInput(0);
    String b = n.getInput(1);
    String other = a.equals(current) ? b : b.equals(current) ? a : null;
    if (other == null)
      throw new Failure(
          "node '"
              + n.getName()
              + "' (Add) adds '"
              + a
              + "' and '"
              + b
              + "', neither of which is"
              + " the output of the layer before it",
          "gradflow imports a chain of layers with residual adds x + block(x)");
    if (initializers.containsKey(other) && activatable == items.size() - 1 && activatable >= 0)
      bias(n, other);
    else residual(n, other);
  }

  /** MatMul + Add(bias): the bias of the dense layer just made. */
  private void bias(NodeProto n, String tensor) throws Failure {
    Item item = items.get(activatable);
    if (!(item.spec() instanceof DenseSpec d) || d.bias())
      throw new Failure(where(n) + " adds a constant to a layer that has a bias", null);
    Tensor bias = OnnxTensors.floats(initializers.get(tensor), dir);
    if (bias.size() != d.units())
      throw new Failure(
          where(n) + ": the bias has " + bias.size() + " values, not " + d.units(), null);
    DenseSpec withBias = new DenseSpec(d.units(), d.activation(), d.init(), d.biasInit(), true);
    items.set(activatable, new Item(withBias, item.name(), item.inner()));
    param(item.name(), "b", bias.values(), bias.name(), "[out]");
    follow(n);
    activatable = items.size() - 1;
  }

  private void residual(NodeProto n, String blockInput) throws Failure {
    Integer from = positions.get(blockInput);
    if (from == null || from >= items.size())
      throw new Failure(
          "node '"
              + n.getName()
              + "' (Add) adds '"
              + blockInput
              + "', which is not an earlier"
              + " output of the chain",
          "gradflow imports a chain of layers with residual adds x + block(x)");
    if (!Arrays.equals(shapes.get(blockInput), shape))
      throw new Failure(
          where(n)
              + " adds "
              + Arrays.toString(shapes.get(blockInput))
              + " and "
              + Arrays.toString(shape)
              + "; a residual block must keep the shape",
          null);
    List<Item> block = new ArrayList<>(items.subList(from, items.size()));
    items.subList(from, items.size()).clear();
    positions.values().removeIf(p -> p > from);
    ResidualSpec spec = new ResidualSpec(block.stream().map(Item::spec).toList());
    items.add(new Item(spec, unique(nodeName(n)), block));
    activatable = -1;
    moveTo(n.getOutput(0));
  }

  /** Appends a layer that reads the current tensor and writes the node's first output. */
  private void layer(NodeProto n, LayerSpec spec, String name) throws Failure {
    long[] out;
    try {
      out = spec.outputShape(shape);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new Failure(where(n) + ": " + e.getMessage(), null);
    }
    items.add(new Item(spec, unique(name), List.of()));
    activatable = -1;
    shape = out;
    moveTo(n.getOutput(0));
  }

  /** A node that changes nothing: the chain goes on from its output. */
  private void follow(NodeProto n) {
    int keep = activatable;
    moveTo(n.getOutput(0));
    activatable = keep;
  }

  private void moveTo(String tensor) {
    current = tensor;
    positions.put(tensor, items.size());
    shapes.put(tensor, shape);
  }

  private void param(String layer, String key, float[] v, String source, String layout) {
    values.put(layer + "." + key, v);
    sources.put(layer + "." + key, new Source(source, layout));
  }

  private Tensor weight(NodeProto n, int input) throws Failure {
    String name = n.getInput(input);
    TensorProto t = initializers.getOrDefault(name, constants.get(name));
    if (t == null)
      throw new Failure(
          where(n) + " reads '" + name + "' as a weight, but it is not an initializer of the graph",
          "export with the weights as initializers (torch.onnx.export does by default)");
    return OnnxTensors.floats(t, dir);
  }

  private TensorProto constant(NodeProto n, String name) throws Failure {
    TensorProto t = constants.getOrDefault(name, initializers.get(name));
    if (t == null) throw new Failure(where(n) + ": '" + name + "' is not a constant", null);
    return t;
  }

  private long[] constantLongs(NodeProto n, String name) throws Failure {
    return OnnxTensors.longs(constant(n, name), dir);
  }

  private void requireImage(NodeProto n) throws Failure {
    if (shape.length != 3)
      throw new Failure(
          where(n) + " needs an image [channels, height, width], gets " + Arrays.toString(shape),
          null);
  }

  /** "fc1" from "fc1.weight", PyTorch's module path; else the node's own name. */
  private String prefixName(String initializer, NodeProto n) {
    int dot = initializer.lastIndexOf('.');
    return dot > 0 ? clean(initializer.substring(0, dot)) : nodeName(n);
  }

  /** "relu1" from "/relu1/Relu", "relu_1" from "/Relu_1", "dense_3" when a node has no name. */
  private String nodeName(NodeProto n) {
    String name = n.getName();
    if (name.isEmpty()) return n.getOpType().toLowerCase(Locale.ROOT) + "_" + (items.size() + 1);
    if (name.startsWith("/")) name = name.substring(1);
    int slash = name.lastIndexOf('/');
    name = slash > 0 ? name.substring(0, slash) : name;
    return clean(name.toLowerCase(Locale.ROOT));
  }

  private static String clean(String name) {
    String safe = name.replaceAll("[^A-Za-z0-9_.-]", "_");
    return safe.isEmpty() ? "layer" : safe;
  }

  private String unique(String name) {
    String n = name;
    for (int i = 2; !names.add(n); i++) n = name + "_" + i;
    return n;
  }

  private static void flattenNames(List<Item> items, List<String> out) {
    for (Item item : items) {
      out.add(item.name());
      flattenNames(item.inner(), out);
    }
  }

  private String where(NodeProto n) {
    return "node '" + n.getName() + "' (" + n.getOpType() + ")";
  }

  private Failure unsupportedAttribute(NodeProto n, String found, String supported) {
    return new Failure(
        where(n) + " has " + found + "; gradflow supports " + supported,
        "export the layer in a supported form, or change the model");
  }

  private static float[] transpose(float[] v, int rows, int columns) {
    float[] t = new float[v.length];
    for (int r = 0; r < rows; r++)
      for (int c = 0; c < columns; c++) t[c * rows + r] = v[r * columns + c];
    return t;
  }

  private static long size(long[] shape) {
    long n = 1;
    for (long d : shape) n *= d;
    return n;
  }

  private static AttributeProto attr(NodeProto n, String name) {
    for (AttributeProto a : n.getAttributeList()) if (a.getName().equals(name)) return a;
    return null;
  }

  private static long intAttr(NodeProto n, String name, long fallback) {
    AttributeProto a = attr(n, name);
    return a == null ? fallback : a.getI();
  }

  /**
   * A float attribute as the decimal it was written as: ONNX stores 0.1 as float32 0.100000001, and
   * an alpha or epsilon of 0.1 or 1e-5 is what the exporter's user meant.
   */
  private static double floatAttr(NodeProto n, String name, double fallback) {
    AttributeProto a = attr(n, name);
    return a == null ? fallback : Double.parseDouble(Float.toString(a.getF()));
  }

  private static String stringAttr(NodeProto n, String name, String fallback) {
    AttributeProto a = attr(n, name);
    return a == null ? fallback : a.getS().toStringUtf8();
  }

  private static long[] intsAttr(NodeProto n, String name, long[] fallback) {
    AttributeProto a = attr(n, name);
    return a == null ? fallback : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
  }
}
