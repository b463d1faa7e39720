package gradflow.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradflow.probe.LayerStat;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

/** The numbers behind the comparison charts: medians across seeds, ratios, unit shares. */
class CompareChartsTest {
  /** A step of a two-layer net: layer 1 has 10 units, layer 2 has 30. */
  private static Report.StepEntry step(
      int step, Double loss, double grad1, double grad2, Double signal1, Double signal2) {
    return new Report.StepEntry(
        step,
        loss,
        0.5,
        List.of(layer("dense_1", grad1, signal1, 0.0), layer("dense_2", grad2, signal2, 1.0)));
  }

  private static Report.StepLayer layer(String name, double grad, Double signal, Double dead) {
    Map<LayerStat, Double> values = new EnumMap<>(LayerStat.class);
    values.put(LayerStat.MEAN_ABS_GRAD, grad);
    values.put(LayerStat.MEAN_ABS_SIGNAL, signal);
    values.put(LayerStat.DEAD_FRACTION, dead);
    return new Report.StepLayer(name, values, null);
  }

  private static Report.LayerSummary summary(int index, int units, double gradMedian) {
    return new Report.LayerSummary(
        index,
        "dense_" + index,
        "dense",
        "relu",
        units,
        1,
        Map.of(),
        Map.of(LayerStat.MEAN_ABS_GRAD, gradMedian),
        null,
        Map.of());
  }

  private static Report report(long seed, List<Report.StepEntry> steps, double scale) {
    return new Report(
        Report.SCHEMA,
        "pass",
        "net",
        "error",
        new Report.Provenance("test", "net.yaml", "sha", seed, "cpu", "float", "17", "linux", "x"),
        null,
        null,
        null,
        List.of(summary(1, 10, 1e-3 * scale), summary(2, 30, 1e-1 * scale)),
        List.of(),
        Map.of(),
        List.of(),
        steps);
  }

  private static Comparison.Group group(int index, String name, List<Integer> variants) {
    List<Long> seeds = new ArrayList<>();
    for (int v : variants) seeds.add((long) v);
    return new Comparison.Group(
        index, name, variants, seeds, 0, List.of(), null, null, null, List.of());
  }

  /** Seeds 1 and 2 log steps 0 and 10; seed 3 stopped after step 0. */
  private static List<Report> threeSeeds() {
    return List.of(
        report(1, List.of(step(0, 1.0, 1e-3, 1e-1, 1e-4, 1e-2), step(10, 3.0, 1, 1, 1.0, 1.0)), 1),
        report(2, List.of(step(0, 5.0, 1e-3, 1e-1, 1e-4, 1e-2), step(10, 1.0, 1, 1, 1.0, 1.0)), 1),
        report(3, List.of(step(0, 2.0, 1e-3, 1e-1, 1e-4, 1e-2)), 1));
  }

  @Test
  void stepMediansUseTheSeedsThatLoggedTheStep() {
    Comparison.Group g = group(0, "net", List.of(0, 1, 2));
    Map<Double, Double> loss =
        CompareCharts.medianOverSeeds(g, threeSeeds(), (r, s) -> s.loss(), true);
    assertEquals(Map.of(0.0, 2.0, 10.0, 2.0), loss); // median(1, 5, 2) and median(3, 1)
  }

  @Test
  void ratiosTakeTheEndLayersThatCarryAValue() {
    Report.StepEntry s = step(0, 1.0, 1e-3, 1e-1, 1e-4, 1e-2);
    Report r = report(1, List.of(s), 1);
    assertEquals(0.01, CompareCharts.signalRatio(r, s), 1e-12); // first / last signal
    assertEquals(0.01, CompareCharts.gradRatio(r, s), 1e-12); // first / last gradient
    // a layer with no signal (a pooling layer before the first weights, say) is skipped
    Report.StepEntry partial =
        new Report.StepEntry(
            0,
            1.0,
            0.5,
            List.of(layer("pool", 0.0, null, null), layer("dense_2", 2e-3, 4e-3, null)));
    assertNull(
        CompareCharts.signalRatio(report(1, List.of(partial), 1), partial),
        "one layer with a signal is no ratio");
  }

  @Test
  void signalRatioUsesTheRunsEndLayersAtEveryStep() {
    // as the report's table: at step 10 the run's first signal layer has none, so no ratio, not
    // the ratio of the two layers that happen to carry one
    Report.StepEntry s0 =
        new Report.StepEntry(
            0,
            1.0,
            0.5,
            List.of(
                layer("dense_1", 1e-4, 1e-3, null),
                layer("dense_2", 1e-4, 1e-2, null),
                layer("dense_3", 1e-4, 1e-1, null)));
    Report.StepEntry s10 =
        new Report.StepEntry(
            10,
            1.0,
            0.5,
            List.of(
                layer("dense_1", 1e-4, null, null),
                layer("dense_2", 1e-4, 1e-2, null),
                layer("dense_3", 1e-4, 1e-1, null)));
    Report r = report(1, List.of(s0, s10), 1);
    assertEquals(0.01, CompareCharts.signalRatio(r, s0), 1e-12);
    assertNull(CompareCharts.signalRatio(r, s10));
  }

  @Test
  void deadShareIsWeightedByUnits() {
    Report r = threeSeeds().get(0);
    // dense_1: 10 units, none dead; dense_2: 30 units, all dead
    assertEquals(
        0.75, CompareCharts.unitShare(r, r.steps().get(0), l -> l.get(LayerStat.DEAD_FRACTION)));
  }

  @Test
  void everyGroupsPerLayerChartSharesOneAxis() {
    List<Report> reports = new ArrayList<>(threeSeeds());
    // a fourth run, a thousand times smaller: its own axis would be three decades lower
    reports.add(
        report(
            4,
            List.of(step(0, 1.0, 1e-6, 1e-4, 1e-7, 1e-5), step(10, 1.0, 1e-6, 1e-4, 1e-7, 1e-5)),
            1e-3));
    Comparison c =
        new Comparison(
            Comparison.SCHEMA,
            "pass",
            0,
            "error",
            List.of(),
            List.of(group(0, "big", List.of(0, 1, 2)), group(1, "small", List.of(3))));
    List<Charts.Plot> plots = CompareCharts.all(c, reports);
    XYChart big = (XYChart) find(plots, "grad_per_layer_group1").chart();
    XYChart small = (XYChart) find(plots, "grad_per_layer_group2").chart();
    assertEquals(big.getStyler().getYAxisMin(), small.getStyler().getYAxisMin());
    assertEquals(big.getStyler().getYAxisMax(), small.getStyler().getYAxisMax());
    assertEquals(1e-6, small.getStyler().getYAxisMin(), 1e-18);
    assertEquals(1.0, big.getStyler().getYAxisMax(), 1e-12);
    // the profile overlays both groups, one series each
    XYChart profile = (XYChart) find(plots, "grad_profile").chart();
    assertEquals(List.of("big", "small"), new ArrayList<>(profile.getSeriesMap().keySet()));
    assertTrue(plots.stream().noneMatch(p -> p.id().contains("maxout")), "no Maxout, no heat map");
  }

  @Test
  void manyLayersAreColouredByDepthAndOnlySomeAreNamedInTheLegend() {
    XYChart chart = Charts.xy("t", "x", "y");
    for (int i = 0; i < 21; i++)
      chart.addSeries("layer" + i, new double[] {0, 1}, new double[] {1, 2});
    Charts.byDepth(chart);
    List<org.knowm.xchart.XYSeries> series = new ArrayList<>(chart.getSeriesMap().values());
    long named = series.stream().filter(org.knowm.xchart.XYSeries::isShowInLegend).count();
    assertTrue(named >= 2 && named <= 9, named + " legend entries");
    assertTrue(series.get(0).isShowInLegend() && series.get(20).isShowInLegend(), "both ends");
    // input side blue, output side red
    java.awt.Color first = series.get(0).getLineColor();
    java.awt.Color last = series.get(20).getLineColor();
    assertTrue(first.getBlue() > first.getRed() && last.getRed() > last.getBlue());
    // a few lines keep XChart's own colours and legend
    XYChart few = Charts.xy("t", "x", "y");
    for (int i = 0; i < 3; i++) few.addSeries("l" + i, new double[] {0, 1}, new double[] {1, 2});
    Charts.byDepth(few);
    assertTrue(few.getSeriesMap().values().stream().allMatch(s -> s.isShowInLegend()));
  }

  private static Charts.Plot find(List<Charts.Plot> plots, String id) {
    return plots.stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
  }
}
