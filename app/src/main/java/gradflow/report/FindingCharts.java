package gradflow.report;

import java.awt.Color;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Which chart of the HTML report shows a finding, and the steps it concerns (its episode), shaded
 * on that chart so the link from the finding lands on the evidence.
 */
final class FindingCharts {
  private FindingCharts() {}

  /** Logged steps {@code from}..{@code to}, both included. */
  record Episode(int from, int to) {}

  /**
   * The id of the chart that shows {@code f}: the signal chart for the ratio rules of the vanishing
   * and exploding checks, the gradient chart for the other gradient findings, and so on; null when
   * no chart shows what it measured (LARGE_ACTIVATIONS).
   */
  static String chartId(Report.FindingEntry f) {
    return switch (f.code()) {
      case "VANISHING_GRADIENT" -> "signal_per_layer";
      case "EXPLODING_GRADIENT" ->
          f.evidence().containsKey("signal_ratio_median") ? "signal_per_layer" : "grad_per_layer";
      case "MISSING_GRADIENT" -> "grad_per_layer";
      case "DEAD_UNITS", "FROZEN_UNITS", "SATURATED_UNITS" -> "dead_saturated";
      case "MAXOUT_DOMINANT_PIECE", "MAXOUT_DEAD_PIECE" ->
          "maxout_" + Charts.slug(f.layer()) + "_wins";
      case "NON_FINITE" -> "loss_accuracy";
      default -> null;
    };
  }

  /** The steps {@code f} held over, from its evidence; null when it names none. */
  static Episode episode(Report.FindingEntry f) {
    Object from = f.evidence().get("held_from_step");
    Object to = f.evidence().get("held_to_step");
    if (from instanceof Number a && to instanceof Number b)
      return new Episode(a.intValue(), b.intValue());
    Object step = f.evidence().get("step"); // NON_FINITE: the step it appeared at
    if ("NON_FINITE".equals(f.code()) && step instanceof Number s)
      return new Episode(s.intValue(), s.intValue());
    return null;
  }

  /** The series name of {@code f}'s shaded episode, as the chart's legend shows it. */
  static String label(Report.FindingEntry f, Episode e) {
    return f.code()
        + " "
        + (e.from() == e.to() ? "step " + e.from() : "steps " + e.from() + "-" + e.to());
  }

  /**
   * Shades {@code e} on {@code chart}: a translucent band over the whole height of the plot, in the
   * colour of the finding's severity.
   */
  static void shade(XYChart chart, Report.FindingEntry f, Episode e) {
    // XChart fills an area series towards y = 0: on a linear axis a line at the top fills down to
    // 0; on a log axis 0 lies past the top, so a line at the bottom fills all the way up
    boolean log = chart.getStyler().isYAxisLogarithmic();
    Double bottom = chart.getStyler().getYAxisMin();
    double top = top(chart);
    if (!(top > 0) || (log && (bottom == null || !(bottom > 0))))
      return; // nothing to shade against
    double edge = log ? bottom : top;
    String name = label(f, e);
    if (chart.getSeriesMap().containsKey(name)) return;
    double from = e.from();
    double to = e.to();
    if (to == from) { // a single step still shows
      from -= 0.5;
      to += 0.5;
    }
    XYSeries band = chart.addSeries(name, new double[] {from, to}, new double[] {edge, edge});
    band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
    Color c = colour(f.severity());
    band.setFillColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 48));
    band.setLineColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 96));
    band.setMarker(SeriesMarkers.NONE);
  }

  /** The y axis's top as set (decades, fractions), else the largest value drawn. */
  private static double top(XYChart chart) {
    Double max = chart.getStyler().getYAxisMax();
    if (max != null) return max;
    double top = 0;
    for (XYSeries s : chart.getSeriesMap().values())
      if (s.getYAxisGroup() == 0)
        for (double y : s.getYData()) if (Double.isFinite(y)) top = Math.max(top, y);
    return top;
  }

  private static Color colour(String severity) {
    return switch (List.of("info", "warn", "error").indexOf(severity)) {
      case 2 -> new Color(0xc62828);
      case 1 -> new Color(0xef8f00);
      default -> new Color(0x1565c0);
    };
  }
}
