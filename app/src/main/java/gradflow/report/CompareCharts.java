package gradflow.report;

import gradflow.probe.LayerStat;
import gradflow.probe.Numbers;
import gradflow.probe.SignalRatios;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/**
 * The pictures of a comparison: one line per group (variants that differ only by seed), drawn at
 * the median across the group's seeds, so that sigmoid, ReLU and the rest overlay on one chart.
 * Each group keeps its colour on every chart.
 */
public final class CompareCharts {
  private CompareCharts() {}

  private static final Color[] PALETTE = {
    new Color(0x1f77b4),
    new Color(0xd62728),
    new Color(0x2ca02c),
    new Color(0xff7f0e),
    new Color(0x9467bd),
    new Color(0x8c564b),
    new Color(0xe377c2),
    new Color(0x7f7f7f),
    new Color(0xbcbd22),
    new Color(0x17becf)
  };

  /** Every chart of the comparison, in page order; {@code reports} are indexed like variants. */
  public static List<Charts.Plot> all(Comparison c, List<Report> reports) {
    List<Charts.Plot> plots = new ArrayList<>();
    plots.add(
        profile(
            c,
            reports,
            "grad_profile",
            "Gradient profile: median mean |dL/dW| per layer",
            "mean |dL/dW|",
            l -> l.median(LayerStat.MEAN_ABS_GRAD),
            "Median over training of mean |dL/dW| at each layer index (log scale), median across"
                + " seeds, one line per variant. A line that falls towards layer 1 is a gradient"
                + " that vanishes on its way to the input."));
    plots.add(
        profile(
            c,
            reports,
            "signal_profile",
            "Backpropagated signal: median mean |dL/dz| per layer",
            "mean |dL/dz|",
            l -> l.median(LayerStat.MEAN_ABS_SIGNAL),
            "Median over training of mean |dL/dz|, the gradient reaching each layer's"
                + " pre-activation (log scale), median across seeds."));
    plots.add(
        overSteps(
            c,
            reports,
            "signal_ratio",
            "Signal ratio first/last layer over training",
            "mean |dL/dz| first / last (log)",
            true,
            CompareCharts::signalRatio,
            "mean |dL/dz| at the first layer over that at the last, at every logged step, median"
                + " across seeds (log scale). Below 0.01 the input side gets under a hundredth of"
                + " the signal the output side gets."));
    plots.add(
        overSteps(
            c,
            reports,
            "grad_ratio",
            "Gradient ratio first/last layer over training",
            "mean |dL/dW| last / first (log)",
            true,
            CompareCharts::gradRatio,
            "mean |dL/dW| of the last layer with weights over that of the first, at every logged"
                + " step, median across seeds (log scale): how many times more the output layer's"
                + " weights are pushed than the input layer's."));
    plots.add(
        overSteps(
            c,
            reports,
            "loss",
            "Training loss",
            "loss (log)",
            true,
            (r, s) -> s.loss(),
            "Loss on the training batch at every logged step, median across seeds (log scale)."));
    plots.add(
        overSteps(
            c,
            reports,
            "accuracy",
            "Training batch accuracy",
            "accuracy",
            false,
            (r, s) -> s.accuracy(),
            "Accuracy on the training batch at every logged step, median across seeds."));
    plots.add(deadSaturated(c, reports));
    plots.addAll(gradPerLayer(c, reports));
    for (Comparison.Group g : c.groups()) {
      Report first = reports.get(g.variants().get(0));
      for (Report.LayerSummary l : first.layers())
        if (l.pieceWinCount() != null) {
          Charts.Plot p = Charts.maxoutWins(l);
          String id = "group" + (g.index() + 1) + "_" + p.id();
          plots.add(
              new Charts.Plot(
                  id,
                  p.title() + " (" + g.name() + ", seed " + first.provenance().seed() + ")",
                  p.caption(),
                  p.chart(),
                  p.note()));
        }
    }
    return plots;
  }

  /** Writes {@code id.png} and {@code id.svg} of every drawable chart into {@code dir}. */
  public static List<Path> writeAll(Comparison c, List<Report> reports, Path dir)
      throws IOException {
    return Charts.write(all(c, reports), dir);
  }

  /** Per-layer medians by layer index, one line per group. */
  private static Charts.Plot profile(
      Comparison c,
      List<Report> reports,
      String id,
      String title,
      String yTitle,
      Function<Report.LayerSummary, Double> value,
      String caption) {
    XYChart chart = Charts.xy(title, "layer index", yTitle + " (log)");
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setMarkerSize(8);
    chart.getStyler().setXAxisDecimalPattern("0");
    int added = 0;
    for (Comparison.Group g : c.groups()) {
      TreeMap<Integer, List<Double>> byLayer = new TreeMap<>();
      for (int v : g.variants())
        for (Report.LayerSummary l : reports.get(v).layers()) {
          Double y = value.apply(l);
          if (Charts.usable(y, true))
            byLayer.computeIfAbsent(l.index(), k -> new ArrayList<>()).add(y);
        }
      added += addSeries(chart, g, medians(byLayer));
    }
    Charts.decades(chart);
    return added == 0
        ? new Charts.Plot(id, title, caption, null, "no variant has a positive " + yTitle)
        : new Charts.Plot(id, title, caption, chart, null);
  }

  /** A value per logged step, one line per group at the median across its seeds. */
  private static Charts.Plot overSteps(
      Comparison c,
      List<Report> reports,
      String id,
      String title,
      String yTitle,
      boolean log,
      StepValue value,
      String caption) {
    XYChart chart = Charts.xy(title, "step", yTitle);
    chart.getStyler().setYAxisLogarithmic(log);
    if (!log) {
      chart.getStyler().setYAxisMin(0.0);
      chart.getStyler().setYAxisMax(1.0);
    }
    int added = 0;
    for (Comparison.Group g : c.groups())
      added += addSeries(chart, g, medianOverSeeds(g, reports, value, log));
    if (log) Charts.decades(chart);
    return added == 0
        ? new Charts.Plot(id, title, caption, null, "no variant logged a usable value")
        : new Charts.Plot(id, title, caption, chart, null);
  }

  /**
   * Share of hidden units that are dead (solid) and of activations that are saturated (dashed) over
   * all layers that measure them, weighted by units, median across seeds.
   */
  private static Charts.Plot deadSaturated(Comparison c, List<Report> reports) {
    String id = "dead_saturated";
    String title = "Dead and saturated units";
    String caption =
        "Share of all hidden units that are dead (solid: ReLU-like units never active over the"
            + " window) and saturated (dashed: sigmoid/tanh derivative below the threshold), over"
            + " every layer that measures it, weighted by units, median across seeds.";
    XYChart chart = Charts.xy(title, "step", "fraction of units");
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisMax(1.0);
    int added = 0;
    for (Comparison.Group g : c.groups()) {
      StepValue dead = (r, s) -> unitShare(r, s, l -> l.get(LayerStat.DEAD_FRACTION));
      StepValue saturated = (r, s) -> unitShare(r, s, l -> l.get(LayerStat.SATURATED_FRACTION));
      int d = addSeries(chart, g, " dead", medianOverSeeds(g, reports, dead, false));
      int s = addSeries(chart, g, " saturated", medianOverSeeds(g, reports, saturated, false));
      if (s > 0) Charts.dashed(chart.getSeriesMap().get(g.name() + " saturated"));
      added += d + s;
    }
    return added == 0
        ? new Charts.Plot(
            id, title, caption, null, "no layer has an activation whose units can die or saturate")
        : new Charts.Plot(id, title, caption, chart, null);
  }

  /**
   * The classic picture, once per group: mean |dL/dW| of every layer over training. All groups
   * share one y range, so a glance across them compares like with like.
   */
  private static List<Charts.Plot> gradPerLayer(Comparison c, List<Report> reports) {
    List<Charts.Plot> plots = new ArrayList<>();
    List<XYChart> charts = new ArrayList<>();
    for (Comparison.Group g : c.groups()) {
      String id = "grad_per_layer_group" + (g.index() + 1);
      String title = "mean |dL/dW| per layer: " + g.name();
      String caption =
          "mean |dL/dW| of every layer at every logged step for "
              + g.name()
              + ", median across "
              + g.seeds().size()
              + (g.seeds().size() == 1 ? " seed" : " seeds")
              + " (log scale, the same axis for every variant).";
      XYChart chart = Charts.xy(title, "step", "mean |dL/dW| (log)");
      chart.getStyler().setYAxisLogarithmic(true);
      Report first = reports.get(g.variants().get(0));
      int added = 0;
      for (int i = 0; i < first.layers().size(); i++) {
        int layer = i;
        StepValue grad =
            (r, s) ->
                layer < s.layers().size()
                    ? s.layers().get(layer).get(LayerStat.MEAN_ABS_GRAD)
                    : null;
        Map<Double, Double> line = medianOverSeeds(g, reports, grad, true);
        if (line.isEmpty()) continue;
        chart.addSeries(
            first.layers().get(i).name(),
            new ArrayList<>(line.keySet()),
            new ArrayList<>(line.values()));
        added++;
      }
      Charts.byDepth(chart);
      if (added == 0) {
        plots.add(
            new Charts.Plot(id, title, caption, null, "no layer has a positive mean |dL/dW|"));
        continue;
      }
      charts.add(chart);
      plots.add(new Charts.Plot(id, title, caption, chart, null));
    }
    sameDecades(charts);
    return plots;
  }

  /** One y range, in whole decades, for several log charts. */
  private static void sameDecades(List<XYChart> charts) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = 0;
    for (XYChart chart : charts) {
      Charts.decades(chart);
      lo = Math.min(lo, chart.getStyler().getYAxisMin());
      hi = Math.max(hi, chart.getStyler().getYAxisMax());
    }
    for (XYChart chart : charts) {
      chart.getStyler().setYAxisMin(lo);
      chart.getStyler().setYAxisMax(hi);
    }
  }

  /** A number read from one logged step of one report. */
  @FunctionalInterface
  interface StepValue {
    Double at(Report r, Report.StepEntry s);
  }

  /** Step -> median across the group's reports of the values present at that step. */
  static Map<Double, Double> medianOverSeeds(
      Comparison.Group g, List<Report> reports, StepValue value, boolean log) {
    TreeMap<Integer, List<Double>> byStep = new TreeMap<>();
    for (int v : g.variants()) {
      Report r = reports.get(v);
      for (Report.StepEntry s : r.steps()) {
        Double y = value.at(r, s);
        if (Charts.usable(y, log)) byStep.computeIfAbsent(s.step(), k -> new ArrayList<>()).add(y);
      }
    }
    return medians(byStep);
  }

  private static Map<Double, Double> medians(TreeMap<Integer, List<Double>> values) {
    Map<Double, Double> line = new TreeMap<>();
    values.forEach(
        (x, ys) -> line.put((double) x, Numbers.median(ys.stream().mapToDouble(y -> y).toArray())));
    return line;
  }

  private static int addSeries(XYChart chart, Comparison.Group g, Map<Double, Double> line) {
    return addSeries(chart, g, "", line);
  }

  private static int addSeries(
      XYChart chart, Comparison.Group g, String suffix, Map<Double, Double> line) {
    if (line.isEmpty()) return 0;
    XYSeries s =
        chart.addSeries(
            g.name() + suffix, new ArrayList<>(line.keySet()), new ArrayList<>(line.values()));
    Color colour = PALETTE[g.index() % PALETTE.length];
    s.setLineColor(colour);
    s.setMarkerColor(colour);
    return 1;
  }

  /**
   * The report's signal ratio at one step: mean |dL/dz| of the run's first layer that carries a
   * signal over that of its last ({@link SignalRatios}, the same end layers as the table).
   */
  static Double signalRatio(Report r, Report.StepEntry s) {
    int[] ends =
        SignalRatios.ends(
            s.layers().size(),
            i ->
                r.steps().stream()
                    .anyMatch(
                        t ->
                            i < t.layers().size()
                                && t.layers().get(i).get(LayerStat.MEAN_ABS_SIGNAL) != null));
    if (ends[0] < 0) return null;
    Double first = s.layers().get(ends[0]).get(LayerStat.MEAN_ABS_SIGNAL);
    Double last = s.layers().get(ends[1]).get(LayerStat.MEAN_ABS_SIGNAL);
    return first == null || last == null
        ? null
        : ReportBuilder.num(SignalRatios.ratio(first, last));
  }

  /** The gradient ratio ({@link Ratios#grad}) of this step's mean |dL/dW| values. */
  static Double gradRatio(Report r, Report.StepEntry s) {
    return Ratios.grad(s.layers().stream().map(l -> l.get(LayerStat.MEAN_ABS_GRAD)).toList());
  }

  /** Units-weighted share over the layers that report the fraction at this step. */
  static Double unitShare(
      Report r, Report.StepEntry s, Function<Report.StepLayer, Double> fraction) {
    double units = 0;
    double share = 0;
    for (int i = 0; i < s.layers().size() && i < r.layers().size(); i++) {
      Double f = fraction.apply(s.layers().get(i));
      if (f == null || !Double.isFinite(f)) continue;
      int n = r.layers().get(i).units();
      units += n;
      share += f * n;
    }
    return units == 0 ? null : share / units;
  }
}
