package gradflow.spec;

import java.util.List;

/**
 * What training a spec needs in memory, from the spec alone (nothing is allocated), in bytes.
 * Values are float32 (4 bytes); these are estimates, meant to be within 2x of the real peak:
 *
 * <ul>
 *   <li>off-heap (ND4J): parameters P, their gradients P, optimizer state (Adam 2P, momentum P, SGD
 *       none), activations of one batch (n = min(batch, training examples) times the values each
 *       layer keeps per example, below), and the data set as arrays (examples x input features).
 *   <li>heap (Java arrays): the builder's initial values, 8P bytes (doubles) plus the largest
 *       parameter's again; synthetic data is made in a float[] of samples x features before it is
 *       copied off-heap; MNIST reads the IDX files (70,000 x 784 bytes, about three copies while
 *       inflating) and converts the images it keeps through a float[].
 * </ul>
 *
 * Values kept per example, from the input size i and output size o of a layer (see {@link
 * LayerShapes}): dense 2o + i (z, output, input gradient); maxout 2uk + 2u + i (z and its gradient,
 * winners, output); conv2d 2 (c kh kw h' w') + 2o + i (im2col columns and their gradient); pools 2o
 * + 2i; batchnorm and dropout 3o; flatten o; residual its block plus 2o.
 *
 * @param parameters the exact parameter count
 * @param batch n, the examples in one batch
 * @param largestLayer index in {@code layers} of the top-level layer that needs the most
 *     (parameters, their gradients and state, and activations)
 * @param dataDominates whether the data needs more than any layer
 */
public record MemoryEstimate(
    long parameters,
    double parameterBytes,
    double optimizerBytes,
    double activationBytes,
    double dataBytes,
    double heapBytes,
    int batch,
    int largestLayer,
    boolean dataDominates,
    String optimizer) {
  private static final double FLOAT = 4;

  /** Off-heap bytes: parameters, gradients, optimizer state, activations, data. */
  public double offHeapBytes() {
    return 2 * parameterBytes + optimizerBytes + activationBytes + dataBytes;
  }

  /** Everything, heap and off-heap. */
  public double totalBytes() {
    return offHeapBytes() + heapBytes;
  }

  /**
   * "parameters 1.3 GiB, gradients 1.3 GiB, adam state 2.6 GiB, activations of one batch of 128
   * ..."
   */
  public String breakdown() {
    String state =
        optimizerBytes == 0 ? "" : ", " + optimizer + " state " + MemoryLimit.bytes(optimizerBytes);
    return "parameters "
        + MemoryLimit.bytes(parameterBytes)
        + ", gradients "
        + MemoryLimit.bytes(parameterBytes)
        + state
        + ", activations of one batch of "
        + batch
        + " "
        + MemoryLimit.bytes(activationBytes)
        + ", data "
        + MemoryLimit.bytes(dataBytes)
        + "; Java heap "
        + MemoryLimit.bytes(heapBytes);
  }

  /** Estimates {@code spec}, whose sizes the reader has already checked against {@link Limits}. */
  public static MemoryEstimate of(NetworkSpec spec) {
    long[] shape = spec.input().stream().mapToLong(Integer::longValue).toArray();
    long features = LayerShapes.size(shape);
    long examples = trainingExamples(spec.data());
    int batch = (int) Math.min(spec.train().batch(), Math.max(1, examples));
    double stateFactor = stateFactor(spec.optimizer().kind());
    long params = 0;
    long largestParam = 0;
    double activations = 0;
    double largest = -1;
    int largestLayer = 0;
    List<LayerSpec> layers = spec.layers();
    for (int i = 0; i < layers.size(); i++) {
      Sizes s = sizes(layers.get(i), shape);
      params += s.params;
      largestParam = Math.max(largestParam, s.largestParam);
      activations += s.kept * batch * FLOAT;
      double need = s.params * FLOAT * (2 + stateFactor) + s.kept * batch * FLOAT;
      if (need > largest) {
        largest = need;
        largestLayer = i;
      }
      shape = s.out;
    }
    double data = dataBytes(spec.data(), features);
    double heap = 8.0 * params + 8.0 * largestParam + dataHeapBytes(spec.data(), features);
    return new MemoryEstimate(
        params,
        params * FLOAT,
        params * FLOAT * stateFactor,
        activations,
        data,
        heap,
        batch,
        largestLayer,
        data > largest,
        spec.optimizer().kind().specName());
  }

  private record Sizes(long params, long largestParam, double kept, long[] out) {}

  private static Sizes sizes(LayerSpec layer, long[] in) {
    if (layer instanceof ResidualSpec r) {
      long params = 0;
      long largestParam = 0;
      double kept = 0;
      long[] shape = in;
      for (LayerSpec inner : r.layers()) {
        Sizes s = sizes(inner, shape);
        params += s.params;
        largestParam = Math.max(largestParam, s.largestParam);
        kept += s.kept;
        shape = s.out;
      }
      return new Sizes(params, largestParam, kept + 2.0 * LayerShapes.size(in), in);
    }
    long[] out = layer.outputShape(in);
    long params = 0;
    long largestParam = 0;
    for (ParamShape p : layer.parameters(in)) {
      params += p.length();
      largestParam = Math.max(largestParam, p.length());
    }
    return new Sizes(params, largestParam, kept(layer, in, out), out);
  }

  /** Values a layer keeps per example for its backward, with its output and gradients. */
  private static double kept(LayerSpec layer, long[] in, long[] out) {
    double i = LayerShapes.size(in);
    double o = LayerShapes.size(out);
    if (layer instanceof DenseSpec) return 2 * o + i;
    if (layer instanceof MaxoutSpec m) return 2.0 * m.units() * m.k() + 2 * o + i;
    if (layer instanceof Conv2dSpec c) {
      double columns = (double) in[0] * c.kernelH() * c.kernelW() * out[1] * out[2];
      return 2 * columns + 2 * o + i;
    }
    if (layer instanceof MaxPool2dSpec || layer instanceof AvgPool2dSpec) return 2 * o + 2 * i;
    if (layer instanceof FlattenSpec) return o;
    return 3 * o; // batchnorm, dropout
  }

  private static double stateFactor(OptimizerSpec.Kind kind) {
    return switch (kind) {
      case ADAM -> 2;
      case MOMENTUM -> 1;
      case SGD -> 0;
    };
  }

  /** MNIST has 60,000 training and 10,000 test images. */
  private static final long MNIST_TRAIN = 60_000;

  private static final long MNIST_ALL = 70_000;
  private static final long MNIST_PIXELS = 784;

  private static long trainingExamples(DataSpec data) {
    if (data instanceof SyntheticSpec s) return s.samples();
    if (!(data instanceof MnistSpec)) return Long.MAX_VALUE; // unknown until read: a full batch
    MnistSpec m = (MnistSpec) data;
    long rest = Math.max(0, MNIST_TRAIN - m.trainOffset());
    return m.trainCount() == 0 ? rest : Math.min(rest, m.trainCount());
  }

  private static double dataBytes(DataSpec data, long features) {
    if (data instanceof SyntheticSpec s)
      return ((double) s.samples() + s.testSamples()) * features * FLOAT;
    if (!(data instanceof MnistSpec))
      return FLOAT * fileBytes(data); // at most 4 bytes a stored byte
    MnistSpec m = (MnistSpec) data;
    return ((double) trainingExamples(m) + m.testCount()) * MNIST_PIXELS * FLOAT;
  }

  private static double dataHeapBytes(DataSpec data, long features) {
    if (data instanceof SyntheticSpec s)
      return (double) Math.max(s.samples(), s.testSamples()) * (features * FLOAT + 4);
    // the file's bytes, then doubles or floats of it: loaders bound what a header promises
    if (!(data instanceof MnistSpec)) return (1 + 2 * FLOAT) * fileBytes(data);
    return 3.0 * MNIST_ALL * MNIST_PIXELS + trainingExamples(data) * MNIST_PIXELS * FLOAT;
  }

  /** The on-disk size of a file source (0 for files not there: the loader names them). */
  private static double fileBytes(DataSpec data) {
    double total = 0;
    for (String file : data.files()) {
      try {
        total += java.nio.file.Files.size(java.nio.file.Path.of(file));
      } catch (java.io.IOException | java.nio.file.InvalidPathException e) {
        // counted as empty; reading it fails later with the file named
      }
    }
    return total;
  }
}
