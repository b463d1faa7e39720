package gradflow.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradflow.spec.Thresholds;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** NON_FINITE: one error where the trainer saw the first NaN or Inf. */
class NonFiniteCheckTest {
  private static RunStatsBuilder net() {
    return new RunStatsBuilder().dense("relu", 8).dense("linear", 10).steps(2, 10, s -> {});
  }

  private static List<Finding> check(RunStats run) {
    return new NonFiniteCheck().check(run, Thresholds.defaults());
  }

  @Test
  void quietWhenTrainingStayedFinite() {
    assertEquals(List.of(), check(net().build()));
  }

  @Test
  void quietWithoutASummary() {
    RunStats built = net().build();
    RunStats run = new RunStats(built.layers(), built.steps(), Map.of(), List.of(), null);
    assertEquals(List.of(), check(run));
  }

  @Test
  void firesWithStepLayerAndWhere() {
    RunStats run = net().nonFinite(12, "dense_2", "activations").build();
    List<Finding> findings = check(run);
    assertEquals(1, findings.size());
    Finding f = findings.get(0);
    assertEquals("NON_FINITE", f.code());
    assertEquals(Severity.ERROR, f.severity());
    assertEquals("dense_2", f.layer());
    assertEquals(Map.of("step", 12, "where", "activations"), f.evidence());
    assertEquals(Map.of(), f.threshold());
    assertTrue(f.message().contains("step 12 in the activations of dense_2"), f.message());
  }

  @Test
  void lossIsALocationToo() {
    Finding f = check(net().nonFinite(0, "loss", "loss").build()).get(0);
    assertEquals("loss", f.layer());
  }
}
