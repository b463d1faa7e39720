package gradflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gradflow.data.NpyFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** analyze end to end on NPY and CSV data written here (issue 10). */
class FileDataCliTest {
  @TempDir Path dir;

  private static final String LAYERS =
      "layers:\n"
          + "  - dense: {units: 16, activation: relu, init: he_uniform}\n"
          + "  - dense: {units: 2, activation: softmax}\n"
          + "optimizer: {adam: {lr: 0.01}}\n"
          + "train: {steps: 30, batch: 16, log_every: 10}\n";

  /** Two classes: the sign of the first feature. */
  private static float[] points(int n, int features, int[] labels) {
    SplittableRandom random = new SplittableRandom(3);
    float[] x = new float[n * features];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 2;
      for (int j = 0; j < features; j++) x[i * features + j] = (float) random.nextGaussian();
      x[i * features] = labels[i] == 0 ? -2 - x[i * features] * 0.1f : 2 + x[i * features] * 0.1f;
    }
    return x;
  }

  private JsonNode analyze(Path spec) throws IOException {
    Cli.Result r = Cli.run("analyze", spec.toString(), "-q", "--json", "-").expectNoStackTrace();
    assertTrue(r.code() == 0 || r.code() == 1, () -> "exit " + r.code() + "\n" + r.err());
    Cli.assertValidReport(r.out());
    return Cli.readJson(r.out());
  }

  @Test
  void analyzesNpyData() throws IOException {
    int[] labels = new int[64];
    NpyFiles.float32(dir.resolve("x.npy"), points(64, 5, labels), 64, 5);
    long[] y = new long[64];
    for (int i = 0; i < 64; i++) y[i] = labels[i];
    NpyFiles.int64(dir.resolve("y.npy"), y);
    Path spec =
        Cli.write(
            dir, "npy.yaml", "input: [5]\ndata: {npy: {x: x.npy, y: y.npy, scale: 2}}\n" + LAYERS);
    JsonNode report = analyze(spec);
    assertEquals("npy x.npy", report.at("/training/data").asText());
    assertEquals(64, report.at("/training/train_examples").asInt(), report.toString());
  }

  @Test
  void analyzesCsvData() throws IOException {
    int[] labels = new int[80];
    float[] x = points(80, 3, labels);
    StringBuilder csv = new StringBuilder("label,a,b,c\n");
    for (int i = 0; i < 80; i++)
      csv.append(String.format("%d,%s,%s,%s%n", labels[i], x[3 * i], x[3 * i + 1], x[3 * i + 2]));
    Files.writeString(dir.resolve("d.csv"), csv);
    Path spec =
        Cli.write(
            dir,
            "csv.yaml",
            "input: [3]\ndata: {csv: {file: d.csv, label: 0, test_fraction: 0.25,"
                + " standardize: true}}\n"
                + LAYERS);
    JsonNode report = analyze(spec);
    assertEquals("csv d.csv", report.at("/training/data").asText());
    assertEquals(60, report.at("/training/train_examples").asInt(), report.toString());
  }

  @Test
  void badDataExitsTwoNamingTheFile() throws IOException {
    Files.writeString(dir.resolve("d.csv"), "label,a,b,c\n0,1,2,3\n1,1,2\n");
    Path spec =
        Cli.write(
            dir, "csv.yaml", "input: [3]\ndata: {csv: {file: d.csv, label: label}}\n" + LAYERS);
    Cli.Result r = Cli.run("analyze", spec.toString(), "-q").expectCode(2).expectNoStackTrace();
    assertTrue(r.err().contains("d.csv: line 3 has 3 columns, expected 4"), r.err());
  }
}
