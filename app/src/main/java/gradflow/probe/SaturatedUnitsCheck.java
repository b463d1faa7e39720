package gradflow.probe;

import gradflow.spec.Threshold;
import gradflow.spec.Thresholds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SATURATED_UNITS: on average over the logged steps, more than {@code saturated_fraction}
 * (default 0.5, as DeepDiagnosis) of a sigmoid/tanh layer's activations sat where f'(z) is below
 * {@code saturation_derivative} (default 0.01) of the peak derivative: |z| > ~6.9 for sigmoid,
 * |z| > ~3.0 for tanh. Such activations pass almost no gradient.
 */
final class SaturatedUnitsCheck implements Check {
  @Override
  public List<Finding> check(RunStats run, Thresholds thresholds) {
    double limit = thresholds.get(Threshold.SATURATED_FRACTION);
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < run.layers().size(); i++) {
      double saturated = UnitFractions.mean(run, i, LayerStepStats::saturatedFraction);
      if (!(saturated > limit)) continue;
      String layer = run.layers().get(i).name();
      Map<String, Object> evidence = new LinkedHashMap<>();
      evidence.put("saturated_fraction_mean", saturated);
      evidence.put("mean_derivative", UnitFractions.mean(run, i, LayerStepStats::meanDerivative));
      evidence.put("activation", run.layers().get(i).activation());
      Map<String, Double> threshold = new LinkedHashMap<>();
      threshold.put(Threshold.SATURATED_FRACTION.key(), limit);
      threshold.put(Threshold.SATURATION_DERIVATIVE.key(), thresholds.get(Threshold.SATURATION_DERIVATIVE));
      findings.add(new Finding("SATURATED_UNITS", Severity.WARN, layer,
          Numbers.percent(saturated) + " of " + layer + "'s " + run.layers().get(i).activation()
              + " activations were saturated (f'(z) near 0) on average",
          evidence, threshold,
          "shrink the pre-activations: xavier_uniform initialisation, inputs scaled to [0, 1], a lower learning rate or"
              + " batch normalisation before the activation; or use relu"));
    }
    return findings;
  }
}
