package gradflow.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradflow.spec.Threshold;
import gradflow.spec.Thresholds;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SATURATED_UNITS: more than half a sigmoid/tanh layer's activations saturated on average. */
class SaturatedUnitsCheckTest {
  private static final Thresholds DEFAULTS = Thresholds.defaults();

  /** dense_1 (sigmoid, 8 units) with these saturated fractions at logged steps 0, 10, ... */
  private static RunStats run(double... saturated) {
    RunStatsBuilder b = new RunStatsBuilder().dense("sigmoid", 8).dense("softmax", 10);
    for (int i = 0; i < saturated.length; i++) {
      double fraction = saturated[i];
      b.step(
          i * 10,
          s -> {
            s.layer(1).saturated(fraction);
            s.layer(1).derivative(0.01);
          });
    }
    return b.build();
  }

  private static List<Finding> check(RunStats run, Thresholds thresholds) {
    return new SaturatedUnitsCheck().check(run, thresholds);
  }

  @Test
  void quietOnHealthyLayer() {
    assertEquals(List.of(), check(run(0, 0.01, 0.1, 0.05), DEFAULTS));
  }

  @Test
  void firesOnMostlySaturatedLayer() {
    List<Finding> findings = check(run(0.9, 0.8, 0.85, 0.95), DEFAULTS);
    assertEquals(1, findings.size());
    Finding f = findings.get(0);
    assertEquals("SATURATED_UNITS", f.code());
    assertEquals(Severity.WARN, f.severity());
    assertEquals("dense_1", f.layer());
    assertEquals(0.875, (double) f.evidence().get("saturated_fraction_mean"), 1e-12);
    assertEquals(0.01, (double) f.evidence().get("mean_derivative"), 1e-12);
    assertEquals("sigmoid", f.evidence().get("activation"));
    assertEquals(Map.of("saturated_fraction", 0.5, "saturation_derivative", 0.01), f.threshold());
    assertTrue(f.message().startsWith("88% of dense_1's sigmoid activations"), f.message());
  }

  @Test
  void exactlyHalfIsNotMoreThanHalf() {
    assertEquals(List.of(), check(run(0.5, 0.5, 0.5, 0.5), DEFAULTS));
    assertEquals(1, check(run(0.5, 0.5, 0.5, 0.625), DEFAULTS).size());
  }

  @Test
  void averagesOverTheRun() {
    // saturated at the start only: the mean is 0.36
    assertEquals(List.of(), check(run(1, 0.8, 0, 0, 0), DEFAULTS));
  }

  @Test
  void ignoresLayersThatCannotSaturate() {
    RunStats run =
        new RunStatsBuilder()
            .dense("relu", 8)
            .dense("softmax", 10)
            .steps(4, 10, s -> s.layer(1).dead(1))
            .build();
    assertEquals(List.of(), check(run, DEFAULTS));
  }

  @Test
  void thresholdOverrides() {
    RunStats run = run(0.3, 0.3, 0.3);
    assertEquals(List.of(), check(run, DEFAULTS));
    Thresholds lower =
        DEFAULTS.with(Threshold.SATURATED_FRACTION, 0.2).with(Threshold.SATURATION_DERIVATIVE, 0.1);
    Finding f = check(run, lower).get(0);
    assertEquals(Map.of("saturated_fraction", 0.2, "saturation_derivative", 0.1), f.threshold());
  }

  /** Shares below 1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1 and 0.3 of the peak derivative. */
  private static final double[] LADDER = {0.1, 0.15, 0.2, 0.3, 0.4, 0.55, 0.7, 0.9};

  private static RunStats ladderRun() {
    return new RunStatsBuilder()
        .dense("sigmoid", 8)
        .dense("softmax", 10)
        .steps(3, 10, s -> s.layer(1).saturation(LADDER))
        .build();
  }

  @Test
  void storedRunIsJudgedAgainWithAnotherDerivativeLevel() {
    RunStats run = ladderRun();
    assertEquals(List.of(), check(run, DEFAULTS), "40% below 0.01 x peak");
    Finding f = check(run, DEFAULTS.with(Threshold.SATURATION_DERIVATIVE, 0.1)).get(0);
    assertEquals(0.7, (double) f.evidence().get("saturated_fraction_mean"), 1e-12);
    assertEquals(0.1, f.threshold().get("saturation_derivative"));
  }

  @Test
  void levelBetweenTheLadderStepsIsInterpolatedInLogLevel() {
    assertEquals(0.4, Saturation.share(LADDER, 0.01), 0.0);
    double expected = 0.4 + Math.log(2.5) / Math.log(3) * 0.15;
    assertEquals(expected, Saturation.share(LADDER, 0.025), 1e-12);
    assertEquals(0.1, Saturation.share(LADDER, 1e-6), 0.0, "below the ladder: its lowest level");
    assertEquals(0.9, Saturation.share(LADDER, 0.5), 0.0, "above: its highest");
    assertEquals(
        List.of(), check(ladderRun(), DEFAULTS.with(Threshold.SATURATION_DERIVATIVE, 0.02)));
    assertEquals(
        1, check(ladderRun(), DEFAULTS.with(Threshold.SATURATION_DERIVATIVE, 0.025)).size());
  }

  @Test
  void reportedFractionIsTheDefaultLevel() {
    assertEquals(
        Threshold.SATURATION_DERIVATIVE.defaultValue(), Saturation.LEVELS[Saturation.REFERENCE]);
  }
}
