package gradflow.report;

import gradflow.probe.LayerStat;
import java.util.List;

/**
 * The statistic columns of the per-layer table, shared by the text and the HTML report: each reads
 * one {@link LayerStat} of a {@link Report.LayerSummary}, its run median or its last value. "dz /
 * last" is the one derived column: the layer's median signal over the last layer's. Public for the
 * CI outputs (markdown summary), which show the same table.
 */
public final class LayerColumns {
  private LayerColumns() {}

  /** How a column reads its statistic. */
  public enum Reading {
    MEDIAN,
    LAST,
    /** median mean |dL/dz| over the last layer's */
    SIGNAL_OVER_LAST
  }

  /**
   * @param stat the statistic read
   * @param reading which of its values
   * @param text the text table's header
   * @param width the text table's column width
   * @param html the HTML table's header
   * @param percent shown as a percentage (else as a number)
   */
  public record Column(
      LayerStat stat, Reading reading, String text, int width, String html, boolean percent) {

    /** The column's value for {@code l} in report {@code r}, null where it does not apply. */
    public Double value(Report r, Report.LayerSummary l) {
      return switch (reading) {
        case MEDIAN -> l.median(stat);
        case LAST -> l.last(stat);
        case SIGNAL_OVER_LAST -> {
          Double last =
              r.layers().isEmpty() ? null : r.layers().get(r.layers().size() - 1).median(stat);
          Double mine = l.median(stat);
          yield mine == null || last == null || last == 0 ? null : mine / last;
        }
      };
    }

    /** The value as the text and HTML tables show it. */
    public String format(Report r, Report.LayerSummary l) {
      Double v = value(r, l);
      return percent ? TextReport.pct(v) : TextReport.fmt(v);
    }
  }

  public static final List<Column> ALL =
      List.of(
          new Column(
              LayerStat.MEAN_ABS_GRAD, Reading.MEDIAN, "mean|dW|", 9, "median mean |dL/dW|", false),
          new Column(
              LayerStat.MEAN_ABS_SIGNAL,
              Reading.MEDIAN,
              "mean|dz|",
              9,
              "median mean |dL/dz|",
              false),
          new Column(
              LayerStat.MEAN_ABS_SIGNAL,
              Reading.SIGNAL_OVER_LAST,
              "dz/last",
              9,
              "dz / last",
              false),
          new Column(
              LayerStat.WEIGHT_FACTOR,
              Reading.MEDIAN,
              "w-fac",
              7,
              "weight factor (dz above to da)",
              false),
          new Column(
              LayerStat.ACTIVATION_FACTOR,
              Reading.MEDIAN,
              "f'-fac",
              7,
              "activation factor (da to dz)",
              false),
          new Column(LayerStat.UPDATE_RATIO, Reading.LAST, "upd/|W|", 8, "update / |W|", false),
          new Column(LayerStat.DEAD_FRACTION, Reading.LAST, "dead", 6, "dead", true),
          new Column(LayerStat.FROZEN_FRACTION, Reading.LAST, "frozen", 6, "frozen", true),
          new Column(LayerStat.SATURATED_FRACTION, Reading.LAST, "sat", 6, "saturated", true));
}
