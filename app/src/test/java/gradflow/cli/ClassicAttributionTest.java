package gradflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The classic experiment's attribution (shortened runs; the full-length figures are in the README):
 * the sigmoid net loses its signal through sigmoid'(z) while its weights pass it at about 1x, and
 * the relu net, which does not vanish, loses only through relu'(z) (inactive units) while its
 * weights amplify the signal.
 */
class ClassicAttributionTest {
  private static JsonNode analyze(String config) throws IOException {
    String path = Cli.repoRoot().resolve("configs/" + config + ".yaml").toString();
    Cli.Result r =
        Cli.run("analyze", path, "--steps", "300", "-q", "--json", "-", "--fail-on", "never");
    return Cli.readJson(r.out());
  }

  @Test
  void sigmoidFindingBlamesTheDerivativesWithTheMeasuredNumbers() throws IOException {
    JsonNode report = analyze("classic-sigmoid");
    JsonNode vanishing = null;
    for (JsonNode f : report.get("findings"))
      if (f.get("code").asText().equals("VANISHING_GRADIENT")) vanishing = f;
    assertTrue(vanishing != null, report.get("findings").toString());
    String message = vanishing.get("message").asText();
    JsonNode e = vanishing.get("evidence");
    assertEquals("activation_derivatives", e.get("attributed_to").asText(), message);
    double activation = e.get("activation_factor_per_layer").asDouble();
    double weight = e.get("weight_factor_per_layer").asDouble();
    assertTrue(activation > 0.15 && activation < 0.3, "sigmoid' <= 0.25: " + activation);
    assertTrue(weight > 0.7 && weight < 1.5, "Glorot weights pass the signal at ~1x: " + weight);
    assertTrue(
        message.contains(
            "Per layer: dense_1..dense_5 lose "
                + gradflow.probe.Numbers.factor(activation)
                + " each through sigmoid'(z), mean f' "),
        message);
    assertTrue(
        message.endsWith(
            "the weights above them pass the signal at "
                + gradflow.probe.Numbers.format(weight)
                + "x"),
        message);
    assertTrue(e.get("weight_factor_by_layer").get(5).isNull(), "the output layer: null, not NaN");
    for (int i = 0; i < 5; i++) {
      double f = e.get("activation_factor_by_layer").get(i).asDouble();
      assertTrue(f < 0.3, "dense_" + (i + 1) + " activation factor " + f);
    }
  }

  @Test
  void reluNetLosesOnlyThroughItsDerivativesAndIsNotBlamedForVanishing() throws IOException {
    JsonNode report = analyze("classic-relu");
    for (JsonNode f : report.get("findings"))
      assertFalse(
          f.get("code").asText().equals("VANISHING_GRADIENT")
              || f.get("message").asText().contains("Per layer"),
          f.toString());
    for (int i = 0; i < 5; i++) {
      JsonNode layer = report.get("layers").get(i);
      double weight = layer.get("weight_factor_median").asDouble();
      double activation = layer.get("activation_factor_median").asDouble();
      assertTrue(weight > 1, layer.get("name") + ": weights amplify, not lose: " + weight);
      assertTrue(activation > 0 && activation < 1, layer.get("name") + ": " + activation);
    }
    assertTrue(report.get("layers").get(5).get("weight_factor_median").isNull(), "output layer");
  }
}
