package gradflow.probe;

import gradflow.spec.Threshold;
import gradflow.spec.Thresholds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * EXPLODING_GRADIENT's rule on magnitude: a layer's mean |dL/dW| stayed at or above {@code
 * exploding_magnitude} (default 10) on consecutive logged steps spanning at least {@code
 * vanishing_min_steps} steps, or on every logged step of the run: the same sustained rule as the
 * signal ratio's, so one bad batch does not count. Reported once, at the layer with the largest
 * median over its stretch, the others in the evidence.
 */
final class GradientMagnitude {
  private GradientMagnitude() {}

  /** The finding when some layer's mean |dL/dW| held at or above the threshold, else null. */
  static Finding find(RunStats run, Thresholds thresholds, CheckInfo info) {
    double limit = thresholds.get(Threshold.EXPLODING_MAGNITUDE);
    double minSteps = thresholds.get(Threshold.VANISHING_MIN_STEPS);
    List<String> layers = new ArrayList<>();
    List<Double> medians = new ArrayList<>();
    int worst = -1;
    SignalRatios.Episode worstEpisode = null;
    for (int layer = 0; layer < run.layers().size(); layer++) {
      int l = layer;
      double[] grads =
          run.steps().stream()
              .mapToDouble(s -> s.layers().get(l).get(LayerStat.MEAN_ABS_GRAD))
              .toArray();
      SignalRatios.Episode e =
          SignalRatios.longestHeld(run, grads, g -> Double.isFinite(g) && g >= limit, minSteps);
      if (e == null) continue;
      double median = Numbers.median(grads, e.fromIndex(), e.toIndex());
      layers.add(run.layers().get(layer).name());
      medians.add(median);
      if (worst < 0 || median > medians.get(worst)) {
        worst = medians.size() - 1;
        worstEpisode = e;
      }
    }
    if (worst < 0) return null;
    String layer = layers.get(worst);
    boolean atEnd = worstEpisode.toIndex() == run.steps().size() - 1;
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("mean_abs_grad_median", medians.get(worst));
    evidence.put("held_from_step", worstEpisode.fromStep());
    evidence.put("held_to_step", worstEpisode.toStep());
    evidence.put("still_at_end", atEnd);
    evidence.put("layers_above_threshold", layers);
    evidence.put("their_mean_abs_grad_median", medians);
    Map<String, Double> threshold = new LinkedHashMap<>();
    threshold.put(Threshold.EXPLODING_MAGNITUDE.key(), limit);
    threshold.put(Threshold.VANISHING_MIN_STEPS.key(), minSteps);
    String others =
        layers.size() > 1
            ? "; also "
                + String.join(", ", layers.stream().filter(name -> !name.equals(layer)).toList())
            : "";
    return info.finding(
        Severity.ERROR,
        layer,
        String.format(
            "%s's mean |dL/dW| stayed at or above %s over steps %d-%d (median %s)%s%s",
            layer,
            Numbers.format(limit),
            worstEpisode.fromStep(),
            worstEpisode.toStep(),
            Numbers.format(medians.get(worst)),
            atEnd ? ", still at the last step" : "",
            others),
        evidence,
        threshold,
        "scale the initialisation down (he_uniform or xavier_uniform, zero biases) so the layers"
            + " feeding "
            + layer
            + " stay small, add clip_norm: 1.0 to the optimizer, or lower the learning rate");
  }
}
