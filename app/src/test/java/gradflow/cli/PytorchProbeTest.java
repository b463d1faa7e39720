package gradflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
   * A plain PyTorch loop with the probe, judged by gradflow: the classic sigmoid net vanishes, the
   * same net with ReLU does not (integrations/pytorch/examples/sigmoid_mlp.py).
   */
  @Test
  void aPytorchRunJudgedByGradflow(@org.junit.jupiter.api.io.TempDir Path dir)
      throws IOException, InterruptedException {
    assumeTorch();
    for (String activation : new String[] {"sigmoid", "relu"}) {
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
