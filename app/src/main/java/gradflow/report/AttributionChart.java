package gradflow.report;

import gradflow.probe.LayerStat;
import java.awt.Color;
import org.knowm.xchart.XYChart;

/**
 * "Where the signal is lost": per layer, the median weight factor against the median activation
 * factor (log scale), so a chart shows at a glance whether the weights above a layer or its own
 * f'(z) shrink the backpropagated signal. Below 1 loses signal, above 1 amplifies it.
 */
final class AttributionChart {
  static final String ID = "signal_attribution";

  private AttributionChart() {}

  static Charts.Plot plot(Report r) {
    String title = "Where the signal is lost: weights vs activation derivatives";
    String caption =
        "Per layer, the median over the logged steps of the weight factor (mean |dL/da| at the"
            + " layer's output over mean |dL/dz| of the next layer up: the weights above) and of"
            + " the activation factor (mean |dL/dz| over mean |dL/da|: the layer's f'(z)), log"
            + " scale. Their product is the layer's signal over the next layer's; below 1 the"
            + " signal shrinks on its way to the input. "
            + Charts.layerIndices(r.layers());
    XYChart chart = Charts.xy(title, "layer index", "factor (log)");
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setMarkerSize(8);
    chart.getStyler().setXAxisDecimalPattern("0");
    int added =
        Charts.addProfile(
            chart,
            r,
            "weight factor",
            l -> l.median(LayerStat.WEIGHT_FACTOR),
            new Color(0x1f77b4),
            false);
    added +=
        Charts.addProfile(
            chart,
            r,
            "activation factor",
            l -> l.median(LayerStat.ACTIVATION_FACTOR),
            new Color(0xd62728),
            false);
    if (added == 0)
      return new Charts.Plot(
          ID, title, caption, null, "no layer has recorded weight and activation factors");
    Charts.decades(chart);
    return new Charts.Plot(ID, title, caption, chart, null);
  }
}
