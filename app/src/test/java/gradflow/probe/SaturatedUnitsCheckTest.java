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
}
