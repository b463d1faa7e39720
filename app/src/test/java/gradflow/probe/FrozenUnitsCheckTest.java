package gradflow.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradflow.spec.Threshold;
import gradflow.spec.Thresholds;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** FROZEN_UNITS: at least 10% of a layer's units get no gradient, beyond those dead ReLUs. */
class FrozenUnitsCheckTest {
  private static final Thresholds DEFAULTS = Thresholds.defaults();

  /** Four logged steps; dense_1 (tanh, 10 units) has this frozen fraction in each. */
  private static RunStats tanh(double frozen) {
    return new RunStatsBuilder()
        .dense("tanh", 10)
        .dense("tanh", 10)
        .dense("softmax", 10)
        .steps(4, 10, s -> s.layer(1).frozen(frozen))
        .build();
  }

  /** Four logged steps; dense_1 (relu, 10 units) has these frozen and dead fractions. */
  private static RunStats relu(double frozen, double dead) {
    return new RunStatsBuilder()
        .dense("relu", 10)
        .dense("softmax", 10)
        .steps(
            4,
            10,
            s -> {
              s.layer(1).frozen(frozen);
              s.layer(1).dead(dead);
            })
        .build();
  }

  private static List<Finding> check(RunStats run, Thresholds thresholds) {
    return new FrozenUnitsCheck().check(run, thresholds);
  }

  @Test
  void quietOnHealthyLayers() {
    assertEquals(List.of(), check(tanh(0), DEFAULTS));
    assertEquals(List.of(), check(tanh(0.09), DEFAULTS));
  }

  @Test
  void firesAtThresholdAsWarning() {
    List<Finding> findings = check(tanh(0.1), DEFAULTS);
    assertEquals(1, findings.size());
    Finding f = findings.get(0);
    assertEquals("FROZEN_UNITS", f.code());
    assertEquals(Severity.WARN, f.severity());
    assertEquals("dense_1", f.layer());
    assertEquals(Map.of("frozen_fraction", 0.1, "frozen_units", 1L, "units", 10), f.evidence());
    assertEquals(Map.of("frozen_fraction", 0.1), f.threshold());
    assertTrue(f.remedy().startsWith("look at dense_2"), f.remedy());
  }

  @Test
  void errorWhenNoUnitGetsAnyGradient() {
    Finding f = check(tanh(1), DEFAULTS).get(0);
    assertEquals(Severity.ERROR, f.severity());
    assertEquals(10L, f.evidence().get("frozen_units"));
  }

  @Test
  void quietWhenUnitsThawInALateWindow() {
    RunStats run =
        new RunStatsBuilder()
            .dense("tanh", 10)
            .dense("softmax", 10)
            .steps(3, 10, s -> s.layer(1).frozen(1))
            .step(30, s -> s.layer(1).frozen(0))
            .build();
    assertEquals(List.of(), check(run, DEFAULTS));
  }

  @Test
  void deadReluUnitsAreNotCountedAgain() {
    assertEquals(List.of(), check(relu(0.5, 0.5), DEFAULTS));
    assertEquals(List.of(), check(relu(1, 1), DEFAULTS));
  }

  @Test
  void firesOnFrozenUnitsBeyondTheDeadOnes() {
    Finding f = check(relu(0.5, 0.2), DEFAULTS).get(0);
    assertEquals(
        Map.of("frozen_fraction", 0.5, "frozen_units", 5L, "units", 10, "dead_fraction", 0.2),
        f.evidence());
    assertEquals(Severity.WARN, f.severity());
  }

  @Test
  void oneUnexplainedUnitInTenIsTenPercent() {
    // 3 frozen of 10, 2 of them dead: 1 unit (10%) is frozen for another reason. In doubles
    // 0.3 - 0.2 is 0.09999999999999998, which must not hide it.
    assertEquals(1, check(relu(0.3, 0.2), DEFAULTS).size());
    assertEquals(1, check(relu(0.7, 0.6), DEFAULTS).size());
  }

  @Test
  void wholeLayerFrozenButPartlyDeadIsAnError() {
    Finding f = check(relu(1, 0.6), DEFAULTS).get(0);
    assertEquals(Severity.ERROR, f.severity());
  }

  @Test
  void lastLayerPointsAtTheLoss() {
    RunStats run =
        new RunStatsBuilder()
            .dense("tanh", 10)
            .dense("linear", 10)
            .steps(4, 10, s -> s.layer(2).frozen(0.5))
            .build();
    Finding f = check(run, DEFAULTS).get(0);
    assertEquals("dense_2", f.layer());
    assertTrue(f.remedy().startsWith("look at the loss"), f.remedy());
  }

  @Test
  void thresholdOverride() {
    assertEquals(List.of(), check(tanh(0.3), DEFAULTS.with(Threshold.FROZEN_FRACTION, 0.5)));
    assertFalse(check(tanh(0.5), DEFAULTS.with(Threshold.FROZEN_FRACTION, 0.5)).isEmpty());
    assertEquals(List.of(), check(tanh(0), DEFAULTS.with(Threshold.FROZEN_FRACTION, 0)));
  }
}
