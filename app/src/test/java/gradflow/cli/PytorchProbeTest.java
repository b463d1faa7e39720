package gradflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs the PyTorch probe's own tests (integrations/pytorch/tests) with Debian's Python. Skipped
 * where /usr/bin/python3 cannot import torch, unless GRADFLOW_REQUIRE_TORCH=1 makes that a failure.
 */
class PytorchProbeTest {
  private static final String PYTHON = "/usr/bin/python3";

  @Test
  void probeTestsPass() throws IOException, InterruptedException {
    assumeTorch();
    Path root = repoRoot();
    ProcessBuilder pb =
        new ProcessBuilder(PYTHON, "-m", "unittest", "discover", "-s", "integrations/pytorch/tests")
            .directory(root.toFile())
            .redirectErrorStream(true);
    pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(10, TimeUnit.MINUTES), "python tests did not finish");
    assertEquals(0, p.exitValue(), output);
  }

  /**
   * The classic experiment as a plain PyTorch loop over the MNIST subset with the probe, judged by
   * gradflow: the sigmoid net vanishes, the same net with relu or leaky relu does not
   * (integrations/pytorch/examples/sigmoid_mlp.py).
   */
  @Test
  void aPytorchRunJudgedByGradflow(@org.junit.jupiter.api.io.TempDir Path dir)
      throws IOException, InterruptedException {
    assumeTorch();
    for (String activation : new String[] {"sigmoid", "relu", "leaky_relu"}) {
      Path log = dir.resolve(activation + ".jsonl");
      Process p =
          new ProcessBuilder(
                  PYTHON,
                  "integrations/pytorch/examples/sigmoid_mlp.py",
                  log.toString(),
                  activation)
              .directory(repoRoot().toFile())
              .redirectErrorStream(true)
              .start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the example did not finish");
      assertEquals(0, p.exitValue(), output);
      Cli.Result judged = Cli.run("judge", log.toString(), "-q");
      boolean vanishing = judged.err().contains("VANISHING_GRADIENT");
      assertEquals(activation.equals("sigmoid"), vanishing, activation + ": " + judged.err());
      assertEquals(activation.equals("sigmoid") ? ExitCodes.FINDINGS : ExitCodes.OK, judged.code());
    }
  }

  /**
   * On the same weights and batch, the probe's statistics equal gradflow's own: one SGD step of a
   * small relu/sigmoid net, logged by the probe in PyTorch and by analyze on the model's ONNX
   * export and the batch as NumPy arrays (the batch is the whole data set, so its order does not
   * matter).
   */
  @Test
  void theProbesNumbersAreGradflowsOnTheSameWeightsAndBatch(
      @org.junit.jupiter.api.io.TempDir Path dir) throws IOException, InterruptedException {
    assumeTorch();
    Process p =
        new ProcessBuilder(PYTHON, "integrations/pytorch/tests/same_batch.py", dir.toString())
            .directory(repoRoot().toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "same_batch.py did not finish");
    assertEquals(0, p.exitValue(), output);
    Path spec = dir.resolve("same.yaml");
    Files.writeString(
        spec,
        "model: {onnx: model.onnx}\n"
            + "data: {npy: {x: x.npy, y: y.npy}}\n"
            + "optimizer: {sgd: {lr: 0.01}}\n"
            + "train: {steps: 1, batch: 32, log_every: 1}\n");
    Path log = dir.resolve("gradflow.jsonl");
    Cli.Result r = Cli.run("analyze", spec.toString(), "-q", "--jsonl", log.toString());
    assertTrue(r.code() == 0 || r.code() == 1, r.err());
    JsonNode mine = Cli.JSON.readTree(Files.readAllLines(log).get(1));
    JsonNode probe = Cli.JSON.readTree(Files.readAllLines(dir.resolve("probe.jsonl")).get(1));
    assertEquals(
        mine.get("loss").asDouble(),
        probe.get("loss").asDouble(),
        1e-4 * mine.get("loss").asDouble());
    int compared = 0;
    for (int i = 0; i < 3; i++) {
      JsonNode a = mine.get("layers").get(i);
      JsonNode b = probe.get("layers").get(i);
      assertEquals(a.get("name").asText(), b.get("name").asText());
      for (String key :
          List.of(
              "mean_abs_grad",
              "mean_abs_grad_bias",
              "max_abs_grad",
              "grad_l2",
              "mean_abs_weight",
              "mean_abs_signal",
              "dead_fraction",
              "frozen_fraction",
              "saturated_fraction",
              "mean_derivative",
              "mean_abs_activation")) {
        JsonNode va = a.get(key);
        JsonNode vb = b.get(key);
        if (va == null || va.isNull()) continue; // not applicable to this layer in gradflow
        // the output layer's activation is the loss's softmax, which module hooks cannot see
        if (i == 2 && key.equals("mean_derivative")) continue;
        assertTrue(
            vb != null && vb.isNumber(), a.get("name") + "." + key + " missing from the probe");
        double want = va.asDouble();
        assertEquals(want, vb.asDouble(), 1e-4 * Math.abs(want) + 1e-9, a.get("name") + "." + key);
        compared++;
      }
    }
    assertTrue(compared >= 20, "statistics compared: " + compared);
  }

  /** The folder at or above the working directory that holds integrations/. */
  private static Path repoRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent())
      if (Files.isDirectory(dir.resolve("integrations/pytorch/tests"))) return dir;
    assertNotNull(null, "no integrations/pytorch/tests above " + Path.of("").toAbsolutePath());
    return null;
  }

  private static void assumeTorch() throws InterruptedException {
    boolean torch = false;
    if (Files.isExecutable(Path.of(PYTHON))) {
      try {
        Process p =
            new ProcessBuilder(PYTHON, "-c", "import torch")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        torch = p.waitFor(2, TimeUnit.MINUTES) && p.exitValue() == 0;
      } catch (IOException e) {
        torch = false;
      }
    }
    if ("1".equals(System.getenv("GRADFLOW_REQUIRE_TORCH")))
      assertTrue(torch, PYTHON + " cannot import torch, and GRADFLOW_REQUIRE_TORCH=1");
    Assumptions.assumeTrue(torch, PYTHON + " cannot import torch");
  }
}
