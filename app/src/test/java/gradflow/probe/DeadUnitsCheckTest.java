package gradflow.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradflow.spec.Threshold;
import gradflow.spec.Thresholds;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * DEAD_UNITS: a ReLU layer's units dead in each of the last 3 logged windows; an info from 10%, a
 * warning from 50%, an error at 100%.
 */
class DeadUnitsCheckTest {
  private static final Thresholds DEFAULTS = Thresholds.defaults();

  /** Logged steps 0..(count-1)*10 where dense_1 (relu, 10 units) has these dead fractions. */
  private static RunStats run(double... dead) {
    RunStatsBuilder b = new RunStatsBuilder().dense("relu", 10).dense("softmax", 10);
    for (int i = 0; i < dead.length; i++) {
      double fraction = dead[i];
      b.step(i * 10, s -> s.layer(1).dead(fraction));
    }
    return b.build();
  }

  private static List<Finding> check(RunStats run, Thresholds thresholds) {
    return new DeadUnitsCheck().check(run, thresholds);
  }

  @Test
  void quietOnHealthyLayer() {
    assertEquals(List.of(), check(run(0, 0, 0, 0, 0), DEFAULTS));
  }

  @Test
  void quietBelowThreshold() {
    assertEquals(List.of(), check(run(0, 0.05, 0.05, 0.05), DEFAULTS));
  }

  @Test
  void firesAtInfoThresholdAsInfo() {
    Finding f = check(run(0, 0.1, 0.1, 0.1), DEFAULTS).get(0);
    assertEquals("DEAD_UNITS", f.code());
    assertEquals(Severity.INFO, f.severity());
    assertEquals("dense_1", f.layer());
    assertEquals(
        Map.of("dead_fraction", 0.1, "dead_units", 1L, "units", 10, "windows_judged", 3),
        f.evidence());
    assertEquals(Map.of("dead_fraction", 0.5, "dead_fraction_info", 0.1), f.threshold());
    assertTrue(f.message().startsWith("10% of dense_1's 10 ReLU units"), f.message());
  }

  @Test
  void healthyShareOfDeadUnitsIsOnlyAnInfo() {
    // 10-25% dead is common in healthy ReLU nets (issue 14)
    for (double dead : new double[] {0.2, 0.25, 0.49})
      assertEquals(
          Severity.INFO, check(run(dead, dead, dead), DEFAULTS).get(0).severity(), "" + dead);
  }

  @Test
  void warnsFromHalfTheLayer() {
    Finding f = check(run(0.5, 0.5, 0.5), DEFAULTS).get(0);
    assertEquals(Severity.WARN, f.severity());
    assertEquals(Severity.WARN, check(run(0.9, 0.9, 0.9), DEFAULTS).get(0).severity());
  }

  @Test
  void judgesTheSmallestOfTheLastThreeWindows() {
    Finding f = check(run(0.9, 0.5, 0.3, 0.4), DEFAULTS).get(0);
    assertEquals(0.3, (double) f.evidence().get("dead_fraction"), 0);
    assertEquals(3L, f.evidence().get("dead_units"));
  }

  @Test
  void quietWhenOneOfTheLastThreeWindowsHadNoDeadUnits() {
    // units that fired in one recent window are not dead
    assertEquals(List.of(), check(run(0.5, 0.5, 0, 0.5), DEFAULTS));
  }

  @Test
  void quietWhenUnitsWereDeadOnlyEarly() {
    assertEquals(List.of(), check(run(1, 1, 1, 0, 0, 0), DEFAULTS));
  }

  @Test
  void errorOnlyWhenTheWholeLayerIsDead() {
    Finding most = check(run(0.9, 0.9, 0.9), DEFAULTS).get(0);
    assertEquals(Severity.WARN, most.severity());
    Finding all = check(run(1, 1, 1), DEFAULTS).get(0);
    assertEquals(Severity.ERROR, all.severity());
    assertEquals(10L, all.evidence().get("dead_units"));
    assertTrue(all.message().endsWith("no gradient passes this layer"), all.message());
  }

  @Test
  void shortRunJudgesTheWindowsItHas() {
    Finding f = check(run(0.2, 0.4), DEFAULTS).get(0);
    assertEquals(2, f.evidence().get("windows_judged"));
    assertEquals(0.2, (double) f.evidence().get("dead_fraction"), 0);
  }

  @Test
  void thresholdOverride() {
    RunStats run = run(0.3, 0.3, 0.3);
    assertEquals(1, check(run, DEFAULTS).size());
    assertEquals(List.of(), check(run, DEFAULTS.with(Threshold.DEAD_FRACTION_INFO, 0.4)));
    Thresholds strict = DEFAULTS.with(Threshold.DEAD_FRACTION, 0.3);
    Finding f = check(run, strict).get(0);
    assertEquals(Severity.WARN, f.severity());
    assertEquals(Map.of("dead_fraction", 0.3, "dead_fraction_info", 0.1), f.threshold());
    // an info level above the warning level: the warning level still flags
    Thresholds inverted =
        DEFAULTS.with(Threshold.DEAD_FRACTION, 0.2).with(Threshold.DEAD_FRACTION_INFO, 0.6);
    assertEquals(Severity.WARN, check(run, inverted).get(0).severity());
  }

  @Test
  void zeroThresholdStillNeedsADeadUnit() {
    Thresholds zero =
        DEFAULTS.with(Threshold.DEAD_FRACTION, 0).with(Threshold.DEAD_FRACTION_INFO, 0);
    assertEquals(List.of(), check(run(0, 0, 0), zero));
  }

  @Test
  void ignoresLayersThatCannotDie() {
    RunStats run =
        new RunStatsBuilder()
            .dense("sigmoid", 10)
            .dense("softmax", 10)
            .steps(4, 10, s -> s.layer(1).frozen(1))
            .build();
    assertEquals(List.of(), check(run, DEFAULTS));
  }

  @Test
  void reportsEachDeadLayer() {
    RunStats run =
        new RunStatsBuilder()
            .dense("relu", 10)
            .dense("relu", 20)
            .dense("relu", 10)
            .dense("softmax", 10)
            .steps(
                4,
                10,
                s -> {
                  s.layer(1).dead(0.2);
                  s.layer(3).dead(1);
                })
            .build();
    List<Finding> findings = check(run, DEFAULTS);
    assertEquals(List.of("dense_1", "dense_3"), findings.stream().map(Finding::layer).toList());
    assertEquals(
        List.of(Severity.INFO, Severity.ERROR), findings.stream().map(Finding::severity).toList());
  }
}
