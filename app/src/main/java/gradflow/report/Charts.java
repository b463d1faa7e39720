package gradflow.report;

import gradflow.probe.LayerStat;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's pictures, drawn with XChart: one {@link Plot} per chart, exported as PNG
 * (BitmapEncoder) and SVG (VectorGraphicsEncoder). Loaded only when --html or --plots asks for
 * pictures, so a plain analyze never touches AWT.
 */
public final class Charts {
  static {
    // Servers and CI have no display; XChart draws on an off-screen Graphics2D.
    System.setProperty("java.awt.headless", "true");
  }

  static final int WIDTH = 900;
  static final int HEIGHT = 440;
  static final int MAX_UNIT_LABELS = 140;

  private Charts() {}

  /**
   * One chart: {@code id} names its files ({@code id.png}, {@code id.svg}); {@code chart} is null
   * when the report has nothing to draw (for example no layer with weights), with {@code note}
   * saying why.
   */
  public record Plot(String id, String title, String caption, Chart<?, ?> chart, String note) {
    public byte[] png() throws IOException {
      return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }

    public String svg() throws IOException {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      VectorGraphicsEncoder.saveVectorGraphic(
          chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
      return compact(out.toString(StandardCharsets.UTF_8));
    }
  }

  /** Every chart of the report, in the order the HTML page shows them. */
  public static List<Plot> all(Report r) {
    List<Plot> plots = new ArrayList<>();
    plots.add(
        perLayerOverSteps(
            r,
            "grad_per_layer",
            "Gradient magnitude per layer",
            "mean |dL/dW| per layer at every logged step (log scale): lines that sink towards the"
                + " input layers mean vanishing gradients, lines that climb mean exploding ones.",
            "mean |dL/dW|",
            l -> l.get(LayerStat.MEAN_ABS_GRAD)));
    plots.add(profile(r));
    plots.add(AttributionChart.plot(r));
    plots.add(
        perLayerOverSteps(
            r,
            "signal_per_layer",
            "Backpropagated signal per layer",
            "mean |dL/dz| (the gradient with respect to each layer's pre-activation) at every"
                + " logged step, log scale.",
            "mean |dL/dz|",
            l -> l.get(LayerStat.MEAN_ABS_SIGNAL)));
    plots.add(deadSaturated(r));
    plots.addAll(lossAccuracy(r));
    for (Report.LayerSummary l : r.layers())
      if (l.pieceWinCount() != null) plots.add(maxoutWins(l));
    shadeEpisodes(r, plots);
    return plots;
  }

  /** Each finding's episode shaded on the chart that shows it ({@link FindingCharts}). */
  private static void shadeEpisodes(Report r, List<Plot> plots) {
    for (Report.FindingEntry f : r.findings()) {
      FindingCharts.Episode e = FindingCharts.episode(f);
      String id = FindingCharts.chartId(f);
      if (e == null || id == null) continue;
      for (Plot p : plots)
        if (p.id().equals(id) && p.chart() instanceof XYChart xy) FindingCharts.shade(xy, f, e);
    }
  }

  /** Writes {@code id.png} and {@code id.svg} for every drawable chart; returns the files. */
  public static List<Path> writeAll(Report r, Path dir) throws IOException {
    return write(all(r), dir);
  }

  /** Writes {@code id.png} and {@code id.svg} for every drawable plot; returns the files. */
  static List<Path> write(List<Plot> plots, Path dir) throws IOException {
    List<Path> written = new ArrayList<>();
    // all charts or none: a full disk leaves no half set behind
    try (AtomicFiles.FileSet files = AtomicFiles.FileSet.in(dir)) {
      for (Plot p : plots) {
        if (p.chart() == null) continue;
        written.add(files.write(p.id() + ".png", p.png()));
        written.add(files.write(p.id() + ".svg", p.svg()));
      }
      files.commit();
    }
    return written;
  }

  private static final Pattern DECIMAL = Pattern.compile("-?\\d+\\.\\d{2,}");

  /**
   * XChart draws text as glyph outlines, so its SVG holds thousands of coordinates with up to 15
   * decimals; a tenth of a pixel is plenty and makes the file about half as large.
   */
  static String compact(String svg) {
    return DECIMAL
        .matcher(svg)
        .replaceAll(
            m -> {
              double v = Math.round(Double.parseDouble(m.group()) * 10) / 10.0;
              if (v == 0) v = 0; // no "-0.0"
              return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
            });
  }

  /** A file-name-safe form of a layer name. */
  static String slug(String name) {
    String s = name.replaceAll("[^A-Za-z0-9_-]", "_");
    return s.isEmpty() ? "layer" : s;
  }

  static XYChart xy(String title, String xTitle, String yTitle) {
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle(xTitle)
            .yAxisTitle(yTitle)
            .build();
    Styler s = chart.getStyler();
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    s.setLegendPosition(Styler.LegendPosition.OutsideE);
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setLegendBorderColor(new Color(0xdddddd));
    s.setPlotBorderVisible(false);
    chart.getStyler().setMarkerSize(5);
    chart.getStyler().setPlotGridLinesColor(new Color(0xe4e4e4));
    return chart;
  }

  /**
   * XChart labels a log axis only at powers of ten, so data within one decade would show a single
   * label or none: widen the axis to the enclosing powers of ten.
   */
  static void decades(XYChart chart) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = 0;
    for (XYSeries s : chart.getSeriesMap().values())
      for (double y : s.getYData()) {
        if (y > 0 && Double.isFinite(y)) {
          lo = Math.min(lo, y);
          hi = Math.max(hi, y);
        }
      }
    if (hi == 0) return;
    double min = Math.pow(10, Math.floor(Math.log10(lo)));
    double max = Math.pow(10, Math.ceil(Math.log10(hi)));
    if (max <= min) max = min * 10;
    chart.getStyler().setYAxisMin(min);
    chart.getStyler().setYAxisMax(max);
  }

  static final int MAX_LEGEND = 10;

  /**
   * Past {@value #MAX_LEGEND} lines, XChart's default colours repeat and its legend outgrows the
   * chart: colour the lines from blue (input side) to red (output side) in the order they were
   * added, and name only about eight of them in the legend.
   */
  static void byDepth(XYChart chart) {
    List<XYSeries> series = new ArrayList<>(chart.getSeriesMap().values());
    int n = series.size();
    if (n <= MAX_LEGEND) return;
    int every = (n + 7) / 8;
    for (int i = 0; i < n; i++) {
      float t = (float) i / (n - 1);
      Color c = new Color(Color.HSBtoRGB(0.66f * (1 - t), 0.85f, 0.85f));
      XYSeries s = series.get(i);
      s.setLineColor(c);
      s.setMarkerColor(c);
      s.setMarker(SeriesMarkers.NONE);
      s.setLineStyle(SeriesLines.SOLID);
      s.setShowInLegend(i % every == 0 || i == n - 1);
    }
  }

  /**
   * The secondary line of a pair (saturated beside dead, final beside median): dashed, no marks.
   */
  static void dashed(XYSeries s) {
    s.setLineStyle(SeriesLines.DASH_DASH);
    s.setMarker(SeriesMarkers.NONE);
  }

  static boolean usable(Double v, boolean log) {
    return v != null && Double.isFinite(v) && (!log || v > 0);
  }

  private static Plot perLayerOverSteps(
      Report r,
      String id,
      String title,
      String caption,
      String yTitle,
      Function<Report.StepLayer, Double> value) {
    XYChart chart = xy(title, "step", yTitle + " (log)");
    chart.getStyler().setYAxisLogarithmic(true);
    int added = 0;
    for (int i = 0; i < r.layers().size(); i++)
      added += addStepSeries(chart, r, i, r.layers().get(i).name(), value, true);
    byDepth(chart);
    decades(chart);
    return added == 0
        ? new Plot(id, title, caption, null, "no layer has a positive, finite " + yTitle)
        : new Plot(id, title, caption, chart, null);
  }

  private static Plot profile(Report r) {
    String title = "Per-layer profile: median over training and final step";
    String caption =
        "mean |dL/dW| and mean |dL/dz| at each layer index, log scale: the median over the logged"
            + " steps (solid) and the last logged step (dashed). A healthy network keeps both within"
            + " an order of magnitude or two from first to last layer. "
            + layerIndices(r.layers());
    XYChart chart = xy(title, "layer index", "mean |gradient| (log)");
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    chart.getStyler().setMarkerSize(8);
    chart.getStyler().setXAxisDecimalPattern("0");
    Color grad = new Color(0x1f77b4);
    Color signal = new Color(0xff7f0e);
    int added = 0;
    added +=
        addProfile(chart, r, "mean |dL/dW|", l -> l.median(LayerStat.MEAN_ABS_GRAD), grad, false);
    added +=
        addProfile(
            chart, r, "mean |dL/dz|", l -> l.median(LayerStat.MEAN_ABS_SIGNAL), signal, false);
    added +=
        addProfile(
            chart, r, "final mean |dL/dW|", l -> l.last(LayerStat.MEAN_ABS_GRAD), grad, true);
    added +=
        addProfile(
            chart, r, "final mean |dL/dz|", l -> l.last(LayerStat.MEAN_ABS_SIGNAL), signal, true);
    decades(chart);
    return added == 0
        ? new Plot("profile", title, caption, null, "no layer has positive medians")
        : new Plot("profile", title, caption, chart, null);
  }

  /**
   * The layer names behind the x axis of a per-layer chart ("Layers: 1 dense_1, 2 dense_2."): the
   * axis itself shows indices, because XChart 3.8.8's tick calculator looped forever with a custom
   * label formatter on one of the shipped configs.
   */
  static String layerIndices(List<Report.LayerSummary> layers) {
    StringBuilder out = new StringBuilder("Layers:");
    for (Report.LayerSummary l : layers)
      out.append(l.index() == layers.get(0).index() ? " " : ", ")
          .append(l.index())
          .append(' ')
          .append(l.name());
    return out.append('.').toString();
  }

  /** One line over the layer indices where {@code value} is positive and finite; 1 if added. */
  static int addProfile(
      XYChart chart,
      Report r,
      String name,
      Function<Report.LayerSummary, Double> value,
      Color colour,
      boolean dashed) {
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    for (Report.LayerSummary l : r.layers()) {
      Double v = value.apply(l);
      if (usable(v, true)) {
        xs.add((double) l.index());
        ys.add(v);
      }
    }
    if (xs.isEmpty()) return 0;
    XYSeries s = chart.addSeries(name, xs, ys);
    s.setLineColor(colour);
    s.setMarkerColor(colour);
    if (dashed) {
      dashed(s);
    } else {
      s.setLineStyle(SeriesLines.SOLID);
      s.setMarker(SeriesMarkers.CIRCLE);
    }
    return 1;
  }

  private static Plot deadSaturated(Report r) {
    String title = "Dead and saturated units over training";
    String caption =
        "Share of dead units (solid: ReLU-like, never active over the window) and of saturated"
            + " activations (dashed: sigmoid/tanh derivative below the threshold), per layer.";
    XYChart chart = xy(title, "step", "fraction");
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisMax(1.0);
    int added = 0;
    for (int i = 0; i < r.layers().size(); i++) {
      String name = r.layers().get(i).name();
      added +=
          addStepSeries(chart, r, i, name + " dead", l -> l.get(LayerStat.DEAD_FRACTION), false);
      added +=
          addStepSeries(
              chart, r, i, name + " saturated", l -> l.get(LayerStat.SATURATED_FRACTION), false);
    }
    byDepth(chart);
    for (XYSeries s : chart.getSeriesMap().values())
      if (s.getName().endsWith(" saturated")) dashed(s);
    return added == 0
        ? new Plot(
            "dead_saturated",
            title,
            caption,
            null,
            "no layer has an activation whose units can die or saturate")
        : new Plot("dead_saturated", title, caption, chart, null);
  }

  /** One layer's value at every logged step where it is usable; 1 if a series was added. */
  private static int addStepSeries(
      XYChart chart,
      Report r,
      int layer,
      String name,
      Function<Report.StepLayer, Double> value,
      boolean log) {
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    for (Report.StepEntry s : r.steps()) {
      if (layer >= s.layers().size()) continue;
      Double v = value.apply(s.layers().get(layer));
      if (usable(v, log)) {
        xs.add((double) s.step());
        ys.add(v);
      }
    }
    if (xs.isEmpty()) return 0;
    chart.addSeries(name, xs, ys);
    return 1;
  }

  /**
   * Loss and batch accuracy over the logged steps, on one chart with two axes; when the loss spans
   * more than a decade, the loss on a log axis instead, and the accuracy on a chart of its own
   * (XChart's log scale is for every y axis of a chart, and accuracy has no log scale).
   */
  private static List<Plot> lossAccuracy(Report r) {
    List<Double> xl = new ArrayList<>();
    List<Double> yl = new ArrayList<>();
    List<Double> xa = new ArrayList<>();
    List<Double> ya = new ArrayList<>();
    for (Report.StepEntry s : r.steps()) {
      if (usable(s.loss(), false)) {
        xl.add((double) s.step());
        yl.add(s.loss());
      }
      if (usable(s.accuracy(), false)) {
        xa.add((double) s.step());
        ya.add(s.accuracy());
      }
    }
    if (spansADecade(yl)) {
      XYChart loss = xy("Loss (training batch, log scale)", "step", "loss (log)");
      loss.getStyler().setYAxisLogarithmic(true);
      loss.addSeries("loss", xl, yl);
      decades(loss);
      List<Plot> plots = new ArrayList<>();
      plots.add(
          new Plot(
              "loss_accuracy",
              "Loss (training batch, log scale)",
              "Loss at every logged step, log scale: it spans more than a decade. The batch"
                  + " accuracy is in the next chart.",
              loss,
              null));
      if (!xa.isEmpty()) {
        XYChart acc = xy("Accuracy (training batch)", "step", "accuracy");
        acc.getStyler().setYAxisMin(0.0);
        acc.getStyler().setYAxisMax(1.0);
        acc.addSeries("accuracy", xa, ya);
        plots.add(
            new Plot(
                "accuracy",
                "Accuracy (training batch)",
                "Batch accuracy at every logged step.",
                acc,
                null));
      }
      return plots;
    }
    String title = "Loss and accuracy (training batch)";
    String caption = "Loss (left axis) and batch accuracy (right axis) at every logged step.";
    XYChart chart = xy(title, "step", "loss");
    if (xl.isEmpty() && xa.isEmpty())
      return List.of(new Plot("loss_accuracy", title, caption, null, "no finite loss was logged"));
    if (!xl.isEmpty()) chart.addSeries("loss", xl, yl);
    if (!xa.isEmpty()) {
      XYSeries acc = chart.addSeries("accuracy", xa, ya);
      acc.setYAxisGroup(1);
      chart.setYAxisGroupTitle(1, "accuracy");
      chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
      chart.getStyler().setYAxisMin(1, 0.0);
      chart.getStyler().setYAxisMax(1, 1.0);
    }
    return List.of(new Plot("loss_accuracy", title, caption, chart, null));
  }

  /** True when the positive values span more than a factor of 10 (and all are positive). */
  static boolean spansADecade(List<Double> values) {
    if (values.isEmpty() || values.stream().anyMatch(v -> v <= 0)) return false;
    double lo = values.stream().mapToDouble(Double::doubleValue).min().getAsDouble();
    double hi = values.stream().mapToDouble(Double::doubleValue).max().getAsDouble();
    return hi > 10 * lo;
  }

  /** Units down, pieces across; the colour is the piece's share of the unit's wins. */
  static Plot maxoutWins(Report.LayerSummary l) {
    long[][] wins = l.pieceWinCount();
    String id = "maxout_" + slug(l.name()) + "_wins";
    String title = "Maxout piece wins: " + l.name();
    String caption =
        "Each row is a unit, each column a piece; the colour is the share of the unit's inputs"
            + " that the piece won (ties go to the lowest piece). A row with one full-colour cell is a"
            + " unit whose other pieces never learn.";
    int units = wins.length;
    int pieces = units == 0 ? 0 : wins[0].length;
    if (units == 0 || pieces == 0)
      return new Plot(id, title, caption, null, "no win counts were recorded");
    int height = Math.max(HEIGHT, Math.min(2000, 120 + 14 * units));
    HeatMapChart chart =
        new HeatMapChartBuilder()
            .width(Math.min(WIDTH, 260 + 90 * pieces))
            .height(height)
            .title(title)
            .xAxisTitle("piece")
            .yAxisTitle(units > MAX_UNIT_LABELS ? "unit 0 (bottom) to " + (units - 1) : "unit")
            .build();
    // one label per row: past ~140 rows they overprint each other, so the title gives the range
    if (units > MAX_UNIT_LABELS) chart.getStyler().setYAxisTicksVisible(false);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotBackgroundColor(Color.WHITE);
    chart.getStyler().setMin(0);
    chart.getStyler().setMax(1);
    chart
        .getStyler()
        .setRangeColors(
            new Color[] {new Color(0xfff5eb), new Color(0xfdae6b), new Color(0xe6550d)});
    chart.getStyler().setShowValue(units * pieces <= 64);
    chart.getStyler().setHeatMapValueDecimalPattern("0.00");
    chart.getStyler().setValueFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    chart.getStyler().setValueFontColor(new Color(0x222222));
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setPlotGridLinesVisible(false);
    List<Integer> xs = new ArrayList<>();
    for (int p = 0; p < pieces; p++) xs.add(p);
    List<Integer> ys = new ArrayList<>();
    for (int u = 0; u < units; u++) ys.add(u);
    List<Number[]> cells = new ArrayList<>();
    for (int u = 0; u < units; u++) {
      long total = 0;
      for (long w : wins[u]) total += w;
      for (int p = 0; p < pieces; p++) {
        double share = total == 0 ? 0 : (double) wins[u][p] / total;
        cells.add(new Number[] {p, u, share});
      }
    }
    chart.addSeries("win share", xs, ys, cells);
    return new Plot(id, title, caption, chart, null);
  }
}
