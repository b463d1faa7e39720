package gradflow.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradflow.spec.Thresholds;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The vanishing and exploding findings name the side that carried the change of dL/dz, from the
 * recorded weight and activation factors, and say nothing about it when none was recorded.
 */
class SignalAttributionTest {
  private static final Thresholds DEFAULTS = Thresholds.defaults();

  private static Finding only(List<Finding> findings) {
    assertEquals(1, findings.size(), () -> "findings: " + findings);
    return findings.get(0);
  }

  /** Five logged steps 0-200 at a first-to-last ratio {@code ratio}, both hidden layers split. */
  private static RunStats run(
      String activation, double ratio, double weight1, double act1, double weight2, double act2) {
    return new RunStatsBuilder()
        .dense(activation, 10)
        .dense(activation, 10)
        .dense("softmax", 10)
        .steps(
            5,
            50,
            s -> {
              s.ratio(ratio);
              s.layer(1).factors(weight1, act1);
              s.layer(2).factors(weight2, act2);
            })
        .build();
  }

  @Test
  void vanishingThroughSigmoidDerivativesBlamesThem() {
    Finding f =
        only(
            new VanishingGradientCheck()
                .check(run("sigmoid", 0.002, 1.1, 0.2, 0.9, 0.25), DEFAULTS));
    // geometric means: sqrt(1.1 * 0.9) = 0.995, sqrt(0.2 * 0.25) = 0.224 (1 / 4.47)
    assertTrue(
        f.message()
            .endsWith(
                "Per layer: dense_1..dense_2 lose 4.47x each through sigmoid'(z), mean f' 0.2;"
                    + " the weights above them pass the signal at 0.995x"),
        f.message());
    assertEquals("activation_derivatives", f.evidence().get("attributed_to"));
    assertEquals(Math.sqrt(0.99), (double) f.evidence().get("weight_factor_per_layer"), 1e-12);
    assertEquals(Math.sqrt(0.05), (double) f.evidence().get("activation_factor_per_layer"), 1e-12);
    @SuppressWarnings("unchecked")
    List<Double> weights = (List<Double>) f.evidence().get("weight_factor_by_layer");
    assertEquals(1.1, weights.get(0), 0);
    assertEquals(0.9, weights.get(1), 0);
    assertTrue(Double.isNaN(weights.get(2)), "the output layer has no layer above it");
  }

  @Test
  void vanishingThroughTheWeightsDoesNotBlameTheDerivatives() {
    Finding f =
        only(new VanishingGradientCheck().check(run("relu", 0.002, 0.1, 0.9, 0.05, 0.8), DEFAULTS));
    assertTrue(
        f.message()
            .contains(
                "dense_1..dense_2 lose 14.1x each through the weights above them; relu'(z) passes"
                    + " the signal at 0.849x"),
        f.message());
    assertFalse(f.message().contains("each through relu'(z)"), f.message());
    assertEquals("weights", f.evidence().get("attributed_to"));
  }

  @Test
  void explodingThroughTheWeightsSaysTheyGainIt() {
    Finding f =
        only(new ExplodingGradientCheck().check(run("tanh", 500, 30, 0.9, 20, 0.8), DEFAULTS));
    assertTrue(
        f.message().contains("dense_1..dense_2 gain 24.5x each through the weights above them"),
        f.message());
    assertEquals("weights", f.evidence().get("attributed_to"));
  }

  @Test
  void oneLayerIsNamedAlone() {
    RunStats run =
        new RunStatsBuilder()
            .dense("sigmoid", 10)
            .dense("softmax", 10)
            .steps(
                5,
                50,
                s -> {
                  s.ratio(0.002);
                  s.layer(1).factors(1.0, 0.002);
                })
            .build();
    Finding f = only(new VanishingGradientCheck().check(run, DEFAULTS));
    assertTrue(
        f.message()
            .endsWith(
                "dense_1 loses 500x through sigmoid'(z), mean f' 0.2; the weights above it pass the signal at 1x"),
        f.message());
  }

  @Test
  void stepsWithoutFactorsGiveTheFindingWithoutAttribution() {
    // steps from a producer that records no factors (a PyTorch log): judged the same, no split
    RunStats run =
        new RunStatsBuilder()
            .dense("sigmoid", 10)
            .dense("sigmoid", 10)
            .dense("softmax", 10)
            .ratios(50, 0.002, 0.002, 0.002, 0.002, 0.002)
            .build();
    Finding f = only(new VanishingGradientCheck().check(run, DEFAULTS));
    assertFalse(f.message().contains("Per layer"), f.message());
    assertFalse(f.evidence().containsKey("attributed_to"));
    assertFalse(f.evidence().containsKey("weight_factor_by_layer"));
  }
}
