package gradflow.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradflow.spec.Threshold;
import gradflow.spec.Thresholds;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** EXPLODING_GRADIENT on hand-built signal ratios (default: above 100 for 200+ steps). */
class ExplodingGradientCheckTest {
  private static final Thresholds DEFAULTS = Thresholds.defaults();

  private static RunStatsBuilder net() {
    return new RunStatsBuilder().dense("relu", 32).dense("relu", 32).dense("softmax", 10);
  }

  private static List<Finding> check(RunStats run, Thresholds thresholds) {
    return new ExplodingGradientCheck().check(run, thresholds);
  }

  @Test
  void quietOnHealthyRatios() {
    RunStats run = net().ratios(50, 0.5, 2, 8, 20, 50, 99, 40, 3, 1).build();
    assertEquals(List.of(), check(run, DEFAULTS));
  }

  @Test
  void quietOnShortSpike() {
    RunStats run = net().ratios(50, 1, 1, 1e4, 1e5, 1e4, 1, 1, 1, 1).build();
    assertEquals(List.of(), check(run, DEFAULTS));
  }

  @Test
  void firesOnSustainedLargeRatio() {
    RunStats run = net().ratios(50, 1, 500, 800, 2000, 600, 700, 900).build();
    List<Finding> findings = check(run, DEFAULTS);
    assertEquals(1, findings.size());
    Finding f = findings.get(0);
    assertEquals("EXPLODING_GRADIENT", f.code());
    assertEquals(Severity.ERROR, f.severity());
    assertEquals("dense_1", f.layer());
    assertEquals(50, f.evidence().get("held_from_step"));
    assertEquals(300, f.evidence().get("held_to_step"));
    assertEquals(true, f.evidence().get("still_at_end"));
    assertEquals(750.0, (double) f.evidence().get("signal_ratio_median"), 1e-9);
    assertEquals(2000.0, (double) f.evidence().get("signal_ratio_extreme"), 1e-9);
    assertEquals(Map.of("exploding_ratio", 100.0, "vanishing_min_steps", 200.0), f.threshold());
    assertTrue(f.message().contains("750x stronger than at dense_3"), f.message());
    assertTrue(f.remedy().contains("clip_norm"), f.remedy());
  }

  @Test
  void ratioExactlyAtThresholdDoesNotCount() {
    assertEquals(List.of(), check(signals(100.0, 1.0), DEFAULTS));
    assertEquals(1, check(signals(Math.nextUp(100.0), 1.0), DEFAULTS).size());
  }

  /** Six logged steps 0-250 with these signals at the first and the last layer. */
  private static RunStats signals(double first, double last) {
    return net()
        .steps(
            6,
            50,
            s -> {
              s.layer(1).signal(first);
              s.layer(3).signal(last);
            })
        .build();
  }

  @Test
  void thresholdOverride() {
    RunStats run = net().ratios(50, 150, 150, 150, 150, 150, 150).build();
    assertEquals(1, check(run, DEFAULTS).size());
    assertEquals(List.of(), check(run, DEFAULTS.with(Threshold.EXPLODING_RATIO, 200)));
    assertEquals(
        1,
        check(
                net().ratios(50, 60, 60, 60, 60, 60).build(),
                DEFAULTS.with(Threshold.EXPLODING_RATIO, 50))
            .size());
  }

  @Test
  void vanishingRatiosDoNotCountAsExploding() {
    RunStats run = net().ratios(50, 1e-4, 1e-4, 1e-4, 1e-4, 1e-4, 1e-4).build();
    assertEquals(List.of(), check(run, DEFAULTS));
  }
}
