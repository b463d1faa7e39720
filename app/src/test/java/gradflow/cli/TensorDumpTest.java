package gradflow.cli;

import static gradflow.cli.Cli.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
    INDArray w = read(dump, "L1_W.npy");
    INDArray b = read(dump, "L1_b.npy");
    INDArray gradW = read(dump, "L1_dW.npy");
    INDArray gradB = read(dump, "L1_db.npy");
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
    assertArrayEquals(new long[] {784, 18}, read(dump, "L1_W.npy").shape()); // [in, units * k]
    assertArrayEquals(new long[] {784, 18}, read(dump, "L1_dW.npy").shape());
    assertEquals(18, read(dump, "L1_b.npy").length());
    assertEquals(18, read(dump, "L1_db.npy").length());
    assertArrayEquals(new long[] {6, 10}, read(dump, "L2_W.npy").shape());
    JsonNode layer = Cli.readJson(Files.readString(dump.resolve("manifest.json"))).get("layers");
    assertEquals("maxout", layer.get(0).get("type").asText());
    assertEquals(3, layer.get(0).get("k").asInt());
    assertFalse(layer.get(1).has("k"));
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
