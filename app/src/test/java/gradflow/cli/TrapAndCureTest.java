package gradflow.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each trap's example spec raises its finding and its cure's spec does not (shortened runs; the
 * full-length figures are in the README).
 */
class TrapAndCureTest {
  @ParameterizedTest(name = "{0} raises {2}, {1} does not")
  @CsvSource({
    "deep-sigmoid, deep-sigmoid-batchnorm, VANISHING_GRADIENT, 200",
    "deep-plain, deep-residual, VANISHING_GRADIENT, 200",
    "expr-gauss-30, expr-swish-30, VANISHING_GRADIENT, 200",
    "step-activation, classic-relu, MISSING_GRADIENT, 100",
    "maxout-dominant, maxout-good-init, MAXOUT_DOMINANT_PIECE, 600",
    "maxout-uniform-5-10, maxout-good-init, LARGE_ACTIVATIONS, 200",
    // issue 14: the output layer's mean |dL/dW| sits at ~38 for the whole run
    "maxout-uniform-5-10, maxout-good-init, EXPLODING_GRADIENT, 200"
  })
  void trapFiresAndCureStaysQuiet(String trap, String cure, String code, int steps)
      throws IOException {
    List<String> trapCodes = codes(trap, steps);
    List<String> cureCodes = codes(cure, steps);
    assertTrue(trapCodes.contains(code), trap + " gave " + trapCodes);
    assertFalse(cureCodes.contains(code), cure + " gave " + cureCodes);
  }

  private static List<String> codes(String config, int steps) throws IOException {
    String path = Cli.repoRoot().resolve("configs/" + config + ".yaml").toString();
    Cli.Result r =
        Cli.run(
            "analyze",
            path,
            "--steps",
            String.valueOf(steps),
            "-q",
            "--json",
            "-",
            "--fail-on",
            "never");
    JsonNode report = Cli.readJson(r.out());
    List<String> codes = new ArrayList<>();
    report.get("findings").forEach(f -> codes.add(f.get("code").asText()));
    return codes;
  }
}
