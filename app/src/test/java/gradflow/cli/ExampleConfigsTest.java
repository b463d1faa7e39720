package gradflow.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every shipped example spec builds, trains a few steps and writes a schema-valid report. */
class ExampleConfigsTest {
  @TempDir Path tmp;

  /**
   * The .yaml files directly in configs/: those of configs/vanishing/ need the full MNIST set
   * (scripts/fetch-mnist.sh) and are only validated, by {@link ShippedConfigsTest}.
   */
  static Stream<Path> configs() throws IOException {
    try (Stream<Path> files = Files.list(Cli.repoRoot().resolve("configs"))) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("configs")
  void trainsAFewStepsAndReports(Path config) throws IOException {
    Path json = tmp.resolve("report.json");
    Cli.Result r =
        Cli.run("analyze", config.toString(), "--steps", "3", "-q", "--json", json.toString());
    assertTrue(r.code() == 0 || r.code() == 1, config + ": exit " + r.code() + "\n" + r.err());
    assertFalse(r.err().contains("Exception"), r.err());
    Cli.assertValidReport(Files.readString(json));
  }
}
