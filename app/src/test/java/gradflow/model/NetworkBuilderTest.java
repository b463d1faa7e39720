package gradflow.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradflow.layers.ForwardContext;
import gradflow.layers.Layer;
import gradflow.spec.ActivationKind;
import gradflow.spec.ActivationSpec;
import gradflow.spec.DenseSpec;
import gradflow.spec.InitSpec;
import gradflow.spec.LossKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Layer names, parameter layout as views into the flat buffer, and seeded determinism. */
class NetworkBuilderTest {
  private static Network build(long seed) {
    return NetworkBuilder.build(TestNetworks.spec(seed, LossKind.CROSS_ENTROPY), DataType.DOUBLE);
  }

  @Test
  void layersAreNamedTypeAndOneBasedIndex() {
    Network network = build(7);
    assertEquals(
        List.of("dense_1", "maxout_2", "dense_3"),
        network.layers().stream().map(Layer::name).toList(),
        "layer names");
    assertEquals(
        List.of(
            new LayerInfo(1, "dense_1", "dense", "relu", 4, 1),
            new LayerInfo(2, "maxout_2", "maxout", "", 3, 2),
            new LayerInfo(3, "dense_3", "dense", "linear", 3, 1)),
        network.infos(),
        "layer infos");
    assertEquals(
        List.of("dense_1.W", "dense_1.b", "maxout_2.W", "maxout_2.b", "dense_3.W", "dense_3.b"),
        List.copyOf(network.parameters().keySet()),
        "parameter names, input side first");
  }

  @Test
  void parameterShapesAndFlatLength() {
    Network network = build(7);
    Map<String, INDArray> p = network.parameters();
    assertArrayEquals(new long[] {4, 4}, p.get("dense_1.W").shape(), "dense_1.W shape");
    assertArrayEquals(new long[] {4}, p.get("dense_1.b").shape(), "dense_1.b shape");
    assertArrayEquals(new long[] {4, 6}, p.get("maxout_2.W").shape(), "maxout_2.W shape");
    assertArrayEquals(new long[] {6}, p.get("maxout_2.b").shape(), "maxout_2.b shape");
    assertArrayEquals(new long[] {3, 3}, p.get("dense_3.W").shape(), "dense_3.W shape");
    assertArrayEquals(new long[] {1, 62}, network.flatParameters().shape(), "flat shape");
    assertArrayEquals(new long[] {1, 62}, network.flatGradients().shape(), "flat gradient shape");
    assertEquals(DataType.DOUBLE, network.dataType(), "data type");
    assertEquals(
        DataType.FLOAT,
        NetworkBuilder.build(TestNetworks.spec(7, LossKind.MSE), DataType.FLOAT).dataType(),
        "float network");
  }

  @Test
  void parametersAreViewsIntoTheFlatBuffer() {
    Network network = build(7);
    INDArray flat = network.flatParameters();
    flat.assign(Nd4j.arange(62).castTo(DataType.DOUBLE).reshape(1, 62)); // flat[i] = i
    // layout: dense_1.W (16), dense_1.b (4), maxout_2.W (24), maxout_2.b (6), dense_3.W, dense_3.b
    Map<String, INDArray> layerParams = network.layers().get(0).parameters();
    assertEquals(0.0, layerParams.get("W").getDouble(0, 0), "dense_1.W[0,0] after writing flat");
    assertEquals(5.0, layerParams.get("W").getDouble(1, 1), "dense_1.W[1,1] (row-major)");
    assertEquals(16.0, layerParams.get("b").getDouble(0), "dense_1.b[0]");
    assertEquals(
        21.0, network.layers().get(1).parameters().get("W").getDouble(0, 1), "maxout_2.W[0,1]");
    assertEquals(44.0, network.layers().get(1).parameters().get("b").getDouble(0), "maxout_2.b[0]");
    assertEquals(61.0, network.layers().get(2).parameters().get("b").getDouble(2), "dense_3.b[2]");

    // the trainer's in-place update reaches the layers
    flat.subi(1.0);
    assertEquals(-1.0, layerParams.get("W").getDouble(0, 0), "dense_1.W[0,0] after flat.subi");
    assertEquals(
        network.parameters().get("maxout_2.W"),
        network.slice(flat, "maxout_2.W"),
        "slice(flat, maxout_2.W) is maxout_2.W");
    // and writing a layer's W writes the flat buffer
    layerParams.get("W").putScalar(0, 0, 100.0);
    assertEquals(100.0, flat.getDouble(0, 0), "flat[0] after writing dense_1.W[0,0]");
  }

  @Test
  void backwardWritesTheFlatGradientBuffer() {
    Network network = build(7);
    INDArray x = Nd4j.createFromArray(new double[][] {{-1, -0.5, 0, 0.5}, {1, 0.25, -0.25, 2}});
    Network.ForwardPass pass = network.forward(x, ForwardContext.training(0));
    network.backward(pass, Nd4j.ones(DataType.DOUBLE, 2, 3));
    INDArray gradB = network.slice(network.flatGradients(), "dense_3.b");
    // dense_3 is linear: dL/db = sum over the batch of dL/dout = 2
    assertArrayEquals(new double[] {2, 2, 2}, gradB.toDoubleVector(), 1e-12, "dense_3.b gradient");
    assertEquals(gradB, network.gradients().get("dense_3.b"), "gradients() is a view");
  }

  @Test
  void sameSeedSameNetwork() {
    assertEquals(build(11).flatParameters(), build(11).flatParameters(), "seed 11 twice");
    assertNotEquals(build(11).flatParameters(), build(12).flatParameters(), "seeds 11 and 12");
  }

  @Test
  void biasFalseDropsB() {
    Network network =
        NetworkBuilder.build(
            TestNetworks.spec(
                3,
                LossKind.MSE,
                List.of(
                    new DenseSpec(
                        2,
                        ActivationSpec.of(ActivationKind.TANH),
                        TestNetworks.XAVIER,
                        new InitSpec.Zeros(),
                        false),
                    new DenseSpec(
                        3,
                        ActivationSpec.of(ActivationKind.LINEAR),
                        TestNetworks.XAVIER,
                        new InitSpec.Zeros(),
                        true))),
            DataType.DOUBLE);
    assertEquals(
        List.of("dense_1.W", "dense_2.W", "dense_2.b"),
        List.copyOf(network.parameters().keySet()),
        "no dense_1.b");
    assertEquals(
        List.of("W"), List.copyOf(network.layers().get(0).parameters().keySet()), "dense_1");
    assertEquals(4 * 2 + 2 * 3 + 3, network.flatParameters().length(), "flat length");
    assertEquals(
        0.0, network.parameters().get("dense_2.b").sumNumber().doubleValue(), "zeros init");
    double limit = Math.sqrt(6.0 / (4 + 2));
    INDArray w = network.parameters().get("dense_1.W");
    assertTrue(
        w.amaxNumber().doubleValue() <= limit,
        "dense_1.W within the Xavier limit " + limit + ": " + w);
  }
}
