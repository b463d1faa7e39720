package gradflow.cli;

import static gradflow.cli.Cli.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gradflow.layers.ForwardContext;
import gradflow.model.LayerInfo;
import gradflow.model.Network;
import gradflow.model.NetworkBuilder;
import gradflow.spec.NetworkSpec;
import gradflow.spec.SpecReader;
import gradflow.train.Loss;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** --dump-step writes .npy files that numpy and ND4J read back, with gradients that check out. */
class TensorDumpTest {
  private static final int BATCH = 16;

  @TempDir Path dir;

  @Test
  void softmaxLayerGradientMatchesTheClosedForm() throws IOException {
    Path spec =
        Cli.write(
            dir,
            "softmax.yaml",
            Cli.mnistHead("mnist-softmax")
                + "layers:\n  - dense: {units: 10, activation: softmax}\n"
                + "optimizer: {adam: {lr: 0.01}}\n"
                + "train: {steps: 5, batch: 16, log_every: 1}\n");
    Path dump = dir.resolve("dump");

    run("analyze", spec.toString(), "--dump-step", "2", "--dump-dir", dump.toString(), "-q")
        .expectCode(ExitCodes.OK);

    INDArray x = read(dump, "x.npy");
    INDArray y = read(dump, "y.npy");
    INDArray w = read(dump, "dense_1.W.npy");
    INDArray b = read(dump, "dense_1.b.npy");
    INDArray gradW = read(dump, "dense_1.W.grad.npy");
    INDArray gradB = read(dump, "dense_1.b.grad.npy");
    assertArrayEquals(new long[] {BATCH, 784}, x.shape());
    assertEquals(BATCH, y.length());
    assertArrayEquals(new long[] {784, 10}, w.shape());
    assertArrayEquals(new long[] {784, 10}, gradW.shape());
    assertEquals(10, b.length());
    assertEquals(10, gradB.length());

    // dL/dz = (softmax(xW + b) - onehot(y)) / n for the mean cross-entropy; dW = x^T dL/dz
    double[][] xs = x.castTo(DataType.DOUBLE).toDoubleMatrix();
    double[][] ws = w.castTo(DataType.DOUBLE).toDoubleMatrix();
    double[] bs = b.castTo(DataType.DOUBLE).toDoubleVector();
    int[] labels = y.castTo(DataType.INT32).toIntVector();
    double[][] gradZ = new double[BATCH][10];
    for (int n = 0; n < BATCH; n++) {
      double[] z = new double[10];
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < 10; j++) {
        z[j] = bs[j];
        for (int i = 0; i < 784; i++) z[j] += xs[n][i] * ws[i][j];
        max = Math.max(max, z[j]);
      }
      double sum = 0;
      for (int j = 0; j < 10; j++) sum += z[j] = Math.exp(z[j] - max);
      for (int j = 0; j < 10; j++) gradZ[n][j] = (z[j] / sum - (labels[n] == j ? 1 : 0)) / BATCH;
    }
    double[][] dumpedGradW = gradW.castTo(DataType.DOUBLE).toDoubleMatrix();
    double[] dumpedGradB = gradB.castTo(DataType.DOUBLE).toDoubleVector();
    for (int j = 0; j < 10; j++) {
      double expectedB = 0;
      for (int n = 0; n < BATCH; n++) expectedB += gradZ[n][j];
      assertEquals(expectedB, dumpedGradB[j], 1e-5, "db[" + j + "]");
      for (int i = 0; i < 784; i++) {
        double expected = 0;
        for (int n = 0; n < BATCH; n++) expected += xs[n][i] * gradZ[n][j];
        assertEquals(expected, dumpedGradW[i][j], 1e-5, "dW[" + i + "][" + j + "]");
      }
    }

    JsonNode manifest = Cli.readJson(Files.readString(dump.resolve("manifest.json")));
    assertEquals(2, manifest.get("step").asInt());
    assertEquals(BATCH, manifest.get("batch").asInt());
    assertEquals("softmax", manifest.get("layers").get(0).get("activation").asText());
  }

  @Test
  void maxoutWeightsHoldEveryPieceOfEveryUnit() throws IOException {
    Path spec =
        Cli.write(
            dir,
            "maxout.yaml",
            Cli.mnistHead("mnist-maxout")
                + "layers:\n"
                + "  - maxout: {units: 6, k: 3, init: he_uniform}\n"
                + "  - dense: {units: 10, activation: softmax}\n"
                + "optimizer: {adam: {lr: 0.01}}\n"
                + "train: {steps: 4, batch: 16, log_every: 1}\n");
    Path dump = dir.resolve("dump");

    run("analyze", spec.toString(), "--dump-step", "0", "--dump-dir", dump.toString(), "-q")
        .expectCode(ExitCodes.OK);

    assertArrayEquals(new long[] {BATCH, 784}, read(dump, "x.npy").shape());
    assertArrayEquals(
        new long[] {784, 18}, read(dump, "maxout_1.W.npy").shape()); // [in, units * k]
    assertArrayEquals(new long[] {784, 18}, read(dump, "maxout_1.W.grad.npy").shape());
    assertEquals(18, read(dump, "maxout_1.b.npy").length());
    assertEquals(18, read(dump, "maxout_1.b.grad.npy").length());
    assertArrayEquals(new long[] {6, 10}, read(dump, "dense_2.W.npy").shape());
    JsonNode layer = Cli.readJson(Files.readString(dump.resolve("manifest.json"))).get("layers");
    assertEquals("maxout", layer.get(0).get("type").asText());
    assertEquals(3, layer.get(0).get("k").asInt());
    assertFalse(layer.get(1).has("k"));
  }

  /**
   * For a dense, a conv-maxpool, a residual and a batchnorm net, the manifest lists exactly the
   * built network's layers and parameters, step 0's values are the freshly built network's, and
   * each dumped gradient is what a forward and backward pass on the dumped batch gives.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "classic-relu.yaml",
        "conv-maxpool.yaml",
        "deep-residual.yaml",
        "deep-sigmoid-batchnorm.yaml"
      })
  void dumpsEveryParameterAndItsGradientByName(String config) throws IOException {
    Path spec = Cli.repoRoot().resolve("configs").resolve(config);
    Path dump = dir.resolve("dump");

    Cli.Result r =
        run(
            "analyze",
            spec.toString(),
            "--steps",
            "1",
            "--dump-step",
            "0",
            "--dump-dir",
            "" + dump);
    assertTrue(r.code() == ExitCodes.OK || r.code() == 1, r.err());
    r.expectNoStackTrace();

    NetworkSpec parsed = SpecReader.read(spec);
    Network network = NetworkBuilder.build(parsed, DataType.FLOAT);
    JsonNode layers = Cli.readJson(Files.readString(dump.resolve("manifest.json"))).get("layers");
    List<String> layerNames = new ArrayList<>();
    Map<String, JsonNode> listed = new LinkedHashMap<>();
    for (JsonNode layer : layers) {
      layerNames.add(layer.get("name").asText());
      for (JsonNode p : layer.get("parameters")) {
        assertTrue(p.get("name").asText().startsWith(layer.get("name").asText() + "."), "" + p);
        listed.put(p.get("name").asText(), p);
      }
    }
    assertEquals(network.infos().stream().map(LayerInfo::name).toList(), layerNames);
    assertEquals(List.copyOf(network.parameters().keySet()), List.copyOf(listed.keySet()));

    INDArray x = read(dump, "x.npy");
    int[] y = read(dump, "y.npy").castTo(DataType.INT32).toIntVector();
    Network.ForwardPass pass = network.forward(x, ForwardContext.replay(0)); // step 0 dumped
    INDArray oneHot = Nd4j.zeros(DataType.FLOAT, y.length, pass.output().columns());
    for (int i = 0; i < y.length; i++) oneHot.putScalar(i, y[i], 1.0);
    network.backward(pass, Loss.of(parsed.loss()).compute(pass.output(), oneHot).gradOutput());

    double largest = 0;
    for (Map.Entry<String, JsonNode> e : listed.entrySet()) {
      INDArray param = network.parameters().get(e.getKey());
      INDArray value = read(dump, e.getValue().get("file").asText());
      INDArray grad = read(dump, e.getValue().get("gradient_file").asText());
      assertEquals(
          Cli.JSON.writeValueAsString(param.shape()), "" + e.getValue().get("shape"), e.getKey());
      assertArrayEquals(param.shape(), value.shape(), e.getKey());
      assertArrayEquals(param.shape(), grad.shape(), e.getKey());
      assertTrue(param.equalsWithEps(value, 0.0), e.getKey() + ": not the built network's value");
      INDArray expected = network.gradients().get(e.getKey());
      double scale = 1 + expected.amaxNumber().doubleValue();
      double diff = expected.sub(grad).amaxNumber().doubleValue();
      assertTrue(diff <= 1e-5 * scale, e.getKey() + ": dumped gradient off by " + diff);
      largest = Math.max(largest, grad.amaxNumber().doubleValue());
    }
    assertTrue(largest > 0, "every dumped gradient is zero");
  }

  /** Alpha comes from each built layer: conv layers and the inner layers of a residual block. */
  @Test
  void alphaIsEachLayersOwnInsideResidualBlocksAndConvLayers() throws IOException {
    Path spec =
        Cli.write(
            dir,
            "alphas.yaml",
            Cli.mnistHead("alphas").replace("input: [784]", "input: [1, 28, 28]")
                + "layers:\n"
                + "  - conv2d: {filters: 2, kernel: 3, activation: {elu: {alpha: 0.5}}}\n"
                + "  - dense: {units: 8, activation: relu}\n"
                + "  - residual:\n"
                + "      layers:\n"
                + "        - dense: {units: 8, activation: {leaky_relu: {alpha: 0.05}}}\n"
                + "        - dense: {units: 8, activation: {leaky_relu: {alpha: 0.3}}}\n"
                + "  - dense: {units: 10, activation: softmax}\n"
                + "optimizer: {adam: {lr: 0.01}}\n"
                + "train: {steps: 2, batch: 16, log_every: 1}\n");
    Path dump = dir.resolve("dump");

    run("analyze", spec.toString(), "--dump-step", "1", "--dump-dir", dump.toString(), "-q")
        .expectCode(ExitCodes.OK);

    Map<String, Double> alphas = new LinkedHashMap<>();
    for (JsonNode layer :
        Cli.readJson(Files.readString(dump.resolve("manifest.json"))).get("layers"))
      alphas.put(
          layer.get("name").asText(), layer.has("alpha") ? layer.get("alpha").asDouble() : null);
    Map<String, Double> expected = new LinkedHashMap<>();
    expected.put("conv2d_1", 0.5);
    expected.put("dense_2", null);
    expected.put("residual_3", null);
    expected.put("dense_4", 0.05);
    expected.put("dense_5", 0.3);
    expected.put("dense_6", null);
    assertEquals(expected, alphas);
    List<LayerInfo> infos = NetworkBuilder.build(SpecReader.read(spec), DataType.FLOAT).infos();
    assertEquals(0.05, infos.get(3).alpha());
    assertTrue(Double.isNaN(infos.get(1).alpha()), "relu takes no alpha");
  }

  /** compare --dump-step: the same sink as analyze's, one folder per variant, in order. */
  @Test
  void compareDumpsEveryVariantIntoItsOwnFolder() throws IOException {
    Path spec = Cli.write(dir, "healthy-cmp.yaml", Cli.HEALTHY);
    Path dump = dir.resolve("dumps");

    run(
            "compare",
            spec.toString(),
            "--sweep",
            "activation=sigmoid,relu",
            "--steps",
            "3",
            "--dump-step",
            "1",
            "--dump-dir",
            dump.toString(),
            "-q",
            "--fail-on",
            "never")
        .expectCode(ExitCodes.OK);

    List<String> runs;
    try (var files = Files.list(dump)) {
      runs = files.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertEquals(
        List.of("01_blobs-healthy_activation=sigmoid", "02_blobs-healthy_activation=relu"), runs);
    for (String name : runs) {
      JsonNode manifest =
          Cli.readJson(Files.readString(dump.resolve(name).resolve("manifest.json")));
      assertEquals(1, manifest.get("step").asInt(), name);
      read(dump.resolve(name), "dense_1.W.grad.npy");
    }
    Cli.Result beyond =
        run(
            "compare",
            spec.toString(),
            "--sweep",
            "steps=2,50",
            "--dump-step",
            "10",
            "--dump-dir",
            dump.resolve("x").toString());
    beyond.expectCode(ExitCodes.INVALID_INPUT).expectNoStackTrace();
    assertTrue(
        beyond
            .err()
            .contains("--dump-step 10 is beyond the last step of blobs-healthy steps=2 (1)"),
        beyond.err());
  }

  @Test
  void dumpStepWithoutDumpDirIsInvalidInput() throws IOException {
    Path spec = Cli.write(dir, "healthy.yaml", Cli.HEALTHY);

    Cli.Result r = run("analyze", spec.toString(), "--dump-step", "2");

    r.expectCode(ExitCodes.INVALID_INPUT).expectNoStackTrace();
    assertTrue(r.err().contains("--dump-step needs --dump-dir"), r.err());
  }

  private static INDArray read(Path dump, String name) {
    Path file = dump.resolve(name);
    assertTrue(Files.isRegularFile(file), name + " was not written");
    return Nd4j.createFromNpyFile(file.toFile());
  }
}
