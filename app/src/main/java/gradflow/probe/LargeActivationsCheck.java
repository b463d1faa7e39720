package gradflow.probe;

import gradflow.spec.Threshold;
import gradflow.spec.Thresholds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LARGE_ACTIVATIONS: a layer's mean |output| (median over the logged steps) exceeds {@code
 * activation_scale} (default 100; DL4J's guidance keeps activation std within 0.5-2, and healthy
 * MNIST nets here measure 0.4-4). Activations that large come from an initialisation far too big
 * (Maxout with weights uniform in [5, 10] measures ~750); they make logits huge, the softmax
 * saturate and the output layer's gradients huge. Reported once, at the input-most such layer, with
 * the others in the evidence.
 */
final class LargeActivationsCheck implements Check {
  private static final CheckInfo INFO =
      new CheckInfo(
          "LARGE_ACTIVATIONS",
          Severity.WARN,
          null,
          "a layer's outputs are huge, from an initialisation far too large; logits and output gradients blow up",
          List.of(Threshold.ACTIVATION_SCALE),
          List.of("mean_abs_activation"));

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> check(RunStats run, Thresholds thresholds) {
    double limit = thresholds.get(Threshold.ACTIVATION_SCALE);
    List<String> layers = new ArrayList<>();
    List<Double> scales = new ArrayList<>();
    for (int i = 0; i < run.layers().size(); i++) {
      int layer = i;
      double[] values =
          run.steps().stream()
              .mapToDouble(s -> s.layers().get(layer).get(LayerStat.MEAN_ABS_ACTIVATION))
              .toArray();
      double median = Numbers.median(values, 0, values.length - 1);
      if (median > limit) {
        layers.add(run.layers().get(i).name());
        scales.add(median);
      }
    }
    if (layers.isEmpty()) return List.of();
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("mean_abs_activation_median", scales.get(0));
    evidence.put("layers_above_threshold", layers);
    evidence.put("their_mean_abs_activation", scales);
    return List.of(
        INFO.finding(
            Severity.WARN,
            layers.get(0),
            layers.get(0)
                + "'s outputs average "
                + Numbers.format(scales.get(0))
                + " in magnitude (healthy layers stay"
                + " around 0.5-2)"
                + (layers.size() > 1
                    ? "; downstream too: " + String.join(", ", layers.subList(1, layers.size()))
                    : ""),
            evidence,
            Map.of(Threshold.ACTIVATION_SCALE.key(), limit),
            "scale the initialisation of "
                + layers.get(0)
                + " down: he_uniform or xavier_uniform weights and zero biases"
                + " instead of large constants or wide uniforms; or add batch normalisation"));
  }
}
