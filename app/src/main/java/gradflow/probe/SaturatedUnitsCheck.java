package gradflow.probe;

import gradflow.spec.Threshold;
import gradflow.spec.Thresholds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SATURATED_UNITS: on average over the logged steps, more than {@code saturated_fraction} (default
 * 0.5, as DeepDiagnosis) of a sigmoid/tanh layer's activations sat where f'(z) is below {@code
 * saturation_derivative} (default 0.01) of the peak derivative: |z| > ~6.9 for sigmoid, |z| > ~3.0
 * for tanh. Such activations pass almost no gradient. Reported once, at the input-most saturated
 * layer, with every saturated layer in the evidence. The probe records saturated shares at fixed
 * levels ({@link Saturation}); this check reads them at {@code saturation_derivative}.
 */
final class SaturatedUnitsCheck implements Check {
  private static final CheckInfo INFO =
      new CheckInfo(
          "SATURATED_UNITS",
          Severity.WARN,
          null,
          "sigmoid/tanh activations that sit where the derivative is nearly zero, so they pass almost no gradient",
          List.of(Threshold.SATURATED_FRACTION, Threshold.SATURATION_DERIVATIVE),
          List.of("saturation_shares", "saturated_fraction"));

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> check(RunStats run, Thresholds thresholds) {
    double limit = thresholds.get(Threshold.SATURATED_FRACTION);
    double level = thresholds.get(Threshold.SATURATION_DERIVATIVE);
    List<String> layers = new ArrayList<>();
    List<Double> fractions = new ArrayList<>();
    int first = -1;
    for (int i = 0; i < run.layers().size(); i++) {
      double saturated = UnitFractions.mean(run, i, l -> Saturation.share(l.saturation(), level));
      if (!(saturated > limit)) continue;
      if (first < 0) first = i;
      layers.add(run.layers().get(i).name());
      fractions.add(saturated);
    }
    if (first < 0) return List.of();
    // one finding for the whole stack: a 30-layer net should not print 15 copies of one remedy
    String layer = layers.get(0);
    String activation = run.layers().get(first).activation();
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("saturated_fraction_mean", fractions.get(0));
    evidence.put(
        "mean_derivative", UnitFractions.mean(run, first, l -> l.get(LayerStat.MEAN_DERIVATIVE)));
    evidence.put("activation", activation);
    evidence.put("saturated_layers", layers);
    evidence.put("their_saturated_fraction_mean", fractions);
    Map<String, Double> threshold = new LinkedHashMap<>();
    threshold.put(Threshold.SATURATED_FRACTION.key(), limit);
    threshold.put(Threshold.SATURATION_DERIVATIVE.key(), level);
    String others =
        layers.size() == 1
            ? ""
            : "; "
                + (layers.size() - 1)
                + " more layer(s) too: "
                + String.join(", ", layers.subList(1, layers.size()));
    return List.of(
        INFO.finding(
            Severity.WARN,
            layer,
            Numbers.percent(fractions.get(0))
                + " of "
                + layer
                + "'s "
                + activation
                + " activations were saturated (f'(z) near 0) on average"
                + others,
            evidence,
            threshold,
            "shrink the pre-activations: xavier_uniform initialisation, inputs scaled to [0, 1], a lower learning rate or"
                + " batch normalisation before the activation; or use an activation whose derivative does not vanish"
                + " (relu, leaky_relu, swish)"));
  }
}
