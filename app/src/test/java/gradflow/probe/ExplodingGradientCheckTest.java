package gradflow.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradflow.spec.Threshold;
import gradflow.spec.Thresholds;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * EXPLODING_GRADIENT on hand-built runs: signal ratios (default: above 100 for 200+ steps), the
 * global gradient norm's growth in time (1000x its early value) and a layer's sustained mean
 * |dL/dW| (10 and above).
 */
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

  /**
   * Norms 1 for steps 0-4, then each step {@code factor} times the last, {@code n} steps in all.
   */
  private static double[] growing(int n, double factor) {
    double[] norms = new double[n];
    for (int i = 0; i < n; i++) norms[i] = i < 5 ? 1.0 : norms[i - 1] * factor;
    return norms;
  }

  @Test
  void growthFiresOnADivergingNormAndSaysANaNFollowed() {
    double[] norms = growing(14, 100); // 1 until step 4, 100 at 5, ..., 1e18 at 13
    norms[13] = Double.NaN;
    RunStats run =
        net().steps(2, 13, s -> {}).gradNorms(norms).nonFinite(13, "dense_2", "gradients").build();
    List<Finding> findings = check(run, DEFAULTS);
    assertEquals(1, findings.size(), findings.toString());
    Finding f = findings.get(0);
    assertEquals("EXPLODING_GRADIENT", f.code());
    assertEquals(Severity.ERROR, f.severity());
    assertEquals("network", f.layer());
    assertEquals(1e16, (double) f.evidence().get("growth"), 1e4);
    assertEquals(1.0, (double) f.evidence().get("early_grad_norm"), 0);
    assertEquals(12, f.evidence().get("peak_step"));
    assertEquals(6, f.evidence().get("crossed_at_step"), "100x at 5, 1e4x at 6");
    assertEquals(true, f.evidence().get("non_finite_followed"));
    assertEquals(13, f.evidence().get("non_finite_step"));
    assertEquals(Map.of("exploding_growth", 1000.0), f.threshold());
    assertTrue(f.message().contains("grew 1.0e+16x"), f.message());
    assertTrue(f.message().contains("from 1 at step 0"), f.message());
    assertTrue(f.message().contains("NaN or Inf followed at step 13"), f.message());
  }

  @Test
  void growthFiresWithoutANaNAndSaysSo() {
    RunStats run = net().steps(2, 9, s -> {}).gradNorms(growing(10, 10)).build();
    Finding f = check(run, DEFAULTS).get(0);
    assertEquals(false, f.evidence().get("non_finite_followed"));
    assertEquals(7, f.evidence().get("crossed_at_step"));
    assertTrue(f.message().endsWith("; no NaN followed"), f.message());
  }

  @Test
  void growthQuietOnAHealthyNorm() {
    // falls from its start, then rises 20x: healthy runs grow about that much (README)
    double[] norms = new double[500];
    for (int i = 0; i < norms.length; i++) norms[i] = i < 5 ? 0.5 : 0.5 * (1 + 19.0 * i / 499);
    assertEquals(List.of(), check(net().steps(3, 200, s -> {}).gradNorms(norms).build(), DEFAULTS));
  }

  @Test
  void growthJustBelowTheThresholdIsQuietAndAtItFires() {
    double[] norms = {1, 1, 1, 1, 1, 999.9};
    assertEquals(List.of(), check(net().steps(2, 5, s -> {}).gradNorms(norms).build(), DEFAULTS));
    norms[5] = 1000;
    assertEquals(1, check(net().steps(2, 5, s -> {}).gradNorms(norms).build(), DEFAULTS).size());
    assertEquals(
        List.of(),
        check(
            net().steps(2, 5, s -> {}).gradNorms(norms).build(),
            DEFAULTS.with(Threshold.EXPLODING_GROWTH, 2000)));
  }

  @Test
  void growthQuietWhenThereWasNoGradientToGrowFrom() {
    double[] norms = {0, 0, 0, 0, 0, 5};
    assertEquals(List.of(), check(net().steps(2, 5, s -> {}).gradNorms(norms).build(), DEFAULTS));
  }

  @Test
  void growthWithoutATraceReadsTheLoggedSteps() {
    // a producer without the per-step norm: sqrt of the sum of the layers' squared grad_l2
    RunStatsBuilder b = net();
    for (int i = 0; i < 8; i++) {
      double l2 = i < 5 ? 1e-2 : 1e3;
      b.step(i * 10, s -> s.layer(3).gradL2(l2));
    }
    Finding f = check(b.build(), DEFAULTS).get(0);
    assertEquals("network", f.layer());
    assertEquals(50, f.evidence().get("crossed_at_step"));
    assertEquals(false, f.evidence().get("every_step"));
    assertEquals(1e3 / Math.sqrt(3e-4), (double) f.evidence().get("growth"), 1);
  }

  @Test
  void magnitudeFiresOnASustainedLargeMeanAbsGrad() {
    RunStats run =
        net()
            .steps(
                9,
                50,
                s -> {
                  s.layer(2).meanAbsGrad(12);
                  s.layer(3).meanAbsGrad(40);
                })
            .build();
    List<Finding> findings = check(run, DEFAULTS);
    assertEquals(1, findings.size(), findings.toString());
    Finding f = findings.get(0);
    assertEquals("dense_3", f.layer(), "the largest");
    assertEquals(40.0, (double) f.evidence().get("mean_abs_grad_median"), 0);
    assertEquals(0, f.evidence().get("held_from_step"));
    assertEquals(400, f.evidence().get("held_to_step"));
    assertEquals(true, f.evidence().get("still_at_end"));
    assertEquals(List.of("dense_2", "dense_3"), f.evidence().get("layers_above_threshold"));
    assertEquals(Map.of("exploding_magnitude", 10.0, "vanishing_min_steps", 200.0), f.threshold());
    assertTrue(f.message().startsWith("dense_3's mean |dL/dW| stayed at or above 10"), f.message());
    assertTrue(f.message().endsWith("also dense_2"), f.message());
  }

  @Test
  void magnitudeQuietOnAShortSpikeAndBelowTheThreshold() {
    RunStatsBuilder spike = net();
    for (int i = 0; i < 9; i++) {
      double g = i == 3 || i == 4 ? 500 : 0.05;
      spike.step(i * 50, s -> s.layer(3).meanAbsGrad(g));
    }
    assertEquals(List.of(), check(spike.build(), DEFAULTS), "100 steps is not sustained");
    RunStats below = net().steps(9, 50, s -> s.layer(3).meanAbsGrad(9.99)).build();
    assertEquals(List.of(), check(below, DEFAULTS));
    assertEquals(1, check(below, DEFAULTS.with(Threshold.EXPLODING_MAGNITUDE, 5)).size());
  }

  @Test
  void declaresEveryThresholdItReads() {
    assertEquals(
        List.of(
            Threshold.EXPLODING_RATIO,
            Threshold.VANISHING_MIN_STEPS,
            Threshold.EXPLODING_GROWTH,
            Threshold.EXPLODING_MAGNITUDE),
        new ExplodingGradientCheck().info().thresholds());
  }
}
