package gradflow.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradflow.spec.Threshold;
import gradflow.spec.Thresholds;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** MISSING_GRADIENT: one error per parameter whose gradient was 0 at every logged step. */
class MissingGradientCheckTest {
  private static RunStatsBuilder net() {
    return new RunStatsBuilder().dense("relu", 8).dense("relu", 8).dense("softmax", 10);
  }

  private static List<Finding> check(RunStats run) {
    return new MissingGradientCheck().check(run, Thresholds.defaults());
  }

  @Test
  void quietWhenEveryParameterGotAGradient() {
    assertEquals(List.of(), check(net().steps(5, 10, s -> {}).build()));
  }

  @Test
  void firesPerParameter() {
    RunStats run = net().steps(5, 10, s -> {}).zeroGradient("dense_2.W", "dense_2.b").build();
    List<Finding> findings = check(run);
    assertEquals(2, findings.size());
    Finding w = findings.get(0);
    assertEquals("MISSING_GRADIENT", w.code());
    assertEquals(Severity.ERROR, w.severity());
    assertEquals("dense_2", w.layer());
    assertEquals(
        Map.of("parameter", "dense_2.W", "logged_steps_with_zero_gradient", 5), w.evidence());
    assertEquals(Map.of(), w.threshold());
    assertTrue(w.message().contains("dense_2.W was exactly zero at all 5 logged steps"));
    assertEquals("dense_2.b", findings.get(1).evidence().get("parameter"));
  }

  @Test
  void noThresholdChangesIt() {
    RunStats run = net().steps(2, 10, s -> {}).zeroGradient("dense_1.W").build();
    Thresholds t = Thresholds.defaults();
    for (Threshold threshold : Threshold.values()) t = t.with(threshold, 0);
    assertEquals(1, new MissingGradientCheck().check(run, t).size());
  }
}
