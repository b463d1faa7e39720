package gradflow.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradflow.spec.Threshold;
import gradflow.spec.Thresholds;
import java.util.List;
import org.junit.jupiter.api.Test;

/** LARGE_ACTIVATIONS: a layer whose mean |output| is far above the healthy 0.5-2 range. */
class LargeActivationsCheckTest {
  /** dense_1 (relu) with these mean |a| at successive logged steps, dense_2 (softmax) at 3. */
  private static RunStats run(double logits, double... scales) {
    RunStatsBuilder b = new RunStatsBuilder().dense("relu", 8).dense("softmax", 10);
    for (int i = 0; i < scales.length; i++) {
      double scale = scales[i];
      b.step(
          i * 10,
          s -> {
            s.layer(1).activation(scale);
            s.layer(2).activation(logits);
          });
    }
    return b.build();
  }

  private static List<Finding> check(RunStats run, Thresholds t) {
    return new LargeActivationsCheck().check(run, t);
  }

  @Test
  void quietOnHealthyScales() {
    assertEquals(List.of(), check(run(3, 0.5, 1.2, 2.0, 1.7), Thresholds.defaults()));
  }

  @Test
  void firesAtTheInputMostLargeLayerWithTheOthersInEvidence() {
    List<Finding> f = check(run(1200, 700, 760, 790), Thresholds.defaults());
    assertEquals(1, f.size());
    assertEquals("LARGE_ACTIVATIONS", f.get(0).code());
    assertEquals(Severity.WARN, f.get(0).severity());
    assertEquals("dense_1", f.get(0).layer());
    assertEquals(760.0, (double) f.get(0).evidence().get("mean_abs_activation_median"), 1e-9);
    assertEquals(List.of("dense_1", "dense_2"), f.get(0).evidence().get("layers_above_threshold"));
    assertTrue(f.get(0).message().contains("downstream too: dense_2"), f.get(0).message());
  }

  @Test
  void judgesTheMedianSoOneSpikeDoesNotFire() {
    assertEquals(List.of(), check(run(3, 1, 5000, 1, 1), Thresholds.defaults()));
  }

  @Test
  void thresholdCanBeRaised() {
    Thresholds high = Thresholds.defaults().with(Threshold.ACTIVATION_SCALE, 1000);
    assertEquals(List.of(), check(run(900, 700, 760, 790), high));
  }
}
