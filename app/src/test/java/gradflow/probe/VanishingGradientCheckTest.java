package gradflow.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradflow.spec.Threshold;
import gradflow.spec.Thresholds;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** VANISHING_GRADIENT on hand-built signal ratios (default: below 0.01 for 200+ steps). */
class VanishingGradientCheckTest {
  private static final Thresholds DEFAULTS = Thresholds.defaults();

  private static RunStatsBuilder net() {
    return new RunStatsBuilder().dense("sigmoid", 10).dense("sigmoid", 10).dense("softmax", 10);
  }

  private static List<Finding> check(RunStats run, Thresholds thresholds) {
    return new VanishingGradientCheck().check(run, thresholds);
  }

  private static Finding only(List<Finding> findings) {
    assertEquals(1, findings.size(), () -> "findings: " + findings);
    return findings.get(0);
  }

  @Test
  void quietOnHealthyRatios() {
    RunStats run = net().ratios(50, 0.5, 0.3, 0.8, 1.2, 0.9, 2.0, 0.4, 0.6, 1.0).build();
    assertEquals(List.of(), check(run, DEFAULTS));
  }

  @Test
  void quietOnShortDip() {
    // below 0.01 at steps 100-200: a span of 100 steps, short of vanishing_min_steps (200)
    RunStats run = net().ratios(50, 0.5, 0.5, 0.001, 0.001, 0.001, 0.5, 0.5, 0.5, 0.5).build();
    assertEquals(List.of(), check(run, DEFAULTS));
  }

  @Test
  void quietOneLogIntervalShortOfMinSteps() {
    // steps 100-250: a span of 150
    RunStats run = net().ratios(50, 0.5, 0.5, 0.001, 0.001, 0.001, 0.001, 0.5, 0.5, 0.5).build();
    assertEquals(List.of(), check(run, DEFAULTS));
  }

  @Test
  void firesOnDipSpanningExactlyMinStepsAndSaysItRecovered() {
    // steps 100-300: a span of exactly 200
    RunStats run = net().ratios(50, 0.5, 0.5, 0.002, 0.001, 0.004, 0.003, 0.002, 0.5, 0.25).build();
    Finding f = only(check(run, DEFAULTS));
    assertEquals("VANISHING_GRADIENT", f.code());
    assertEquals(Severity.ERROR, f.severity());
    assertEquals("dense_1", f.layer());
    assertEquals(100, f.evidence().get("held_from_step"));
    assertEquals(300, f.evidence().get("held_to_step"));
    assertEquals(false, f.evidence().get("still_at_end"));
    assertEquals(0.002, (double) f.evidence().get("signal_ratio_median"), 1e-12);
    assertEquals(0.001, (double) f.evidence().get("signal_ratio_extreme"), 1e-12);
    assertEquals(0.25, (double) f.evidence().get("signal_ratio_final"), 1e-12);
    assertTrue(f.message().contains("over steps 100-300"), f.message());
    assertTrue(f.message().contains("it recovered to a ratio of 0.25 by step 400"), f.message());
    assertTrue(f.message().contains("500x weaker than at dense_3"), f.message());
  }

  @Test
  void firesOnSustainedDipAndSaysItStillHeld() {
    RunStats run =
        net().ratios(50, 0.5, 0.002, 0.002, 0.002, 0.002, 0.002, 0.002, 0.002, 0.002).build();
    Finding f = only(check(run, DEFAULTS));
    assertEquals(50, f.evidence().get("held_from_step"));
    assertEquals(400, f.evidence().get("held_to_step"));
    assertEquals(true, f.evidence().get("still_at_end"));
    assertTrue(f.message().endsWith("it still held at the last step"), f.message());
  }

  @Test
  void firesWhenTheDipCoversAWholeRunShorterThanMinSteps() {
    // a 100-step run logged every 25: span 75 < 200, but every logged step held
    RunStats run = net().ratios(25, 0.001, 0.002, 0.001, 0.003).build();
    Finding f = only(check(run, DEFAULTS));
    assertEquals(0, f.evidence().get("held_from_step"));
    assertEquals(75, f.evidence().get("held_to_step"));
    assertEquals(true, f.evidence().get("still_at_end"));
  }

  @Test
  void quietWhenAShortRunOnlyPartlyDips() {
    RunStats run = net().ratios(25, 0.001, 0.002, 0.001, 0.5).build();
    assertEquals(List.of(), check(run, DEFAULTS));
  }

  @Test
  void quietOnASingleLoggedStep() {
    RunStats run = net().ratios(25, 0.0001).build();
    assertEquals(List.of(), check(run, DEFAULTS));
  }

  @Test
  void ratioExactlyAtThresholdDoesNotCountButJustBelowDoes() {
    assertEquals(List.of(), check(ratioRun(0.01), DEFAULTS));
    assertEquals(1, check(ratioRun(Math.nextDown(0.01)), DEFAULTS).size());
  }

  /** Five logged steps 0-200 where the last layer's signal is 1 and the first's is {@code r}. */
  private static RunStats ratioRun(double r) {
    return net()
        .steps(
            5,
            50,
            s -> {
              s.layer(3).signal(1.0);
              s.ratio(r);
            })
        .build();
  }

  @Test
  void thresholdOverrides() {
    RunStats sustained = net().ratios(50, 0.005, 0.005, 0.005, 0.005, 0.005, 0.005).build();
    assertEquals(1, check(sustained, DEFAULTS).size());
    assertEquals(List.of(), check(sustained, DEFAULTS.with(Threshold.VANISHING_RATIO, 0.001)));

    RunStats shortDip = net().ratios(50, 0.5, 0.5, 0.001, 0.001, 0.001, 0.5, 0.5).build();
    Thresholds shorter = DEFAULTS.with(Threshold.VANISHING_MIN_STEPS, 100);
    Finding f = only(check(shortDip, shorter));
    assertEquals(Map.of("vanishing_ratio", 0.01, "vanishing_min_steps", 100.0), f.threshold());
  }

  @Test
  void reportsTheLongestQualifyingStretch() {
    RunStats run =
        net()
            .ratios(
                50, 0.001, 0.001, 0.001, 0.001, 0.001, 0.5, 0.002, 0.002, 0.002, 0.002, 0.002,
                0.002, 0.002, 0.5)
            .build();
    Finding f = only(check(run, DEFAULTS));
    assertEquals(300, f.evidence().get("held_from_step"));
    assertEquals(600, f.evidence().get("held_to_step"));
  }

  @Test
  void undefinedRatioBreaksAStretch() {
    // the last layer's signal is 0 at step 150: no ratio there, so two stretches of 100 remain
    RunStats run =
        net()
            .ratios(50, 0.001, 0.001, 0.001)
            .step(150, s -> s.layer(3).signal(0))
            .step(200, s -> s.ratio(0.001))
            .step(250, s -> s.ratio(0.001))
            .step(300, s -> s.ratio(0.001))
            .build();
    assertEquals(List.of(), check(run, DEFAULTS));
  }

  @Test
  void evidenceDescribesTheEpisode() {
    RunStats run =
        net()
            .step(0, s -> s.ratio(0.5).loss(2.3))
            .step(100, s -> s.ratio(0.004).loss(2.30))
            .step(200, s -> s.ratio(0.001).loss(2.29))
            .step(300, s -> s.ratio(0.002).loss(2.28))
            .step(
                400,
                s -> {
                  s.layer(2).signal(3e-5);
                  s.ratio(0.003).loss(2.2);
                })
            .build();
    Finding f = only(check(run, DEFAULTS));
    Map<String, Object> e = f.evidence();
    assertEquals(
        List.of(
            "signal_ratio_median",
            "signal_ratio_extreme",
            "signal_ratio_final",
            "held_from_step",
            "held_to_step",
            "still_at_end",
            "loss_at_start_of_episode",
            "loss_at_end_of_episode",
            "mean_abs_signal_by_layer"),
        List.copyOf(e.keySet()));
    assertEquals(0.0025, (double) e.get("signal_ratio_median"), 1e-12);
    assertEquals(0.001, (double) e.get("signal_ratio_extreme"), 1e-12);
    assertEquals(0.003, (double) e.get("signal_ratio_final"), 1e-12);
    assertEquals(2.30, (double) e.get("loss_at_start_of_episode"), 0);
    assertEquals(2.2, (double) e.get("loss_at_end_of_episode"), 0);
    @SuppressWarnings("unchecked")
    List<Double> profile = (List<Double>) e.get("mean_abs_signal_by_layer");
    assertEquals(3, profile.size());
    assertEquals(2.5e-6, profile.get(0), 1e-15);
    // median of the middle layer over steps 100-400: 1e-3, 1e-3, 1e-3, 3e-5
    assertEquals(1e-3, profile.get(1), 1e-15);
    assertEquals(RunStatsBuilder.SIGNAL, profile.get(2), 0);
    assertTrue(f.message().contains("loss 2.3 -> 2.2"), f.message());
    assertTrue(f.remedy().contains("sigmoid"), f.remedy());
  }

  @Test
  void noSignalAtAllSaysSo() {
    RunStats run = net().steps(4, 50, s -> s.layer(1).signal(0)).build();
    Finding f = only(check(run, DEFAULTS));
    assertEquals(0.0, (double) f.evidence().get("signal_ratio_median"), 0);
    assertTrue(
        f.message()
            .startsWith("no gradient signal at all reached dense_1 (dL/dz = 0), while dense_3"),
        f.message());
  }

  @Test
  void quietWithOneLayer() {
    RunStats run =
        new RunStatsBuilder()
            .dense("softmax", 10)
            .steps(10, 50, s -> s.layer(1).signal(1e-9))
            .build();
    assertEquals(List.of(), check(run, DEFAULTS));
  }
}
