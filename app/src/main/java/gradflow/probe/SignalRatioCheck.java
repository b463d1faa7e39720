package gradflow.probe;

import gradflow.model.LayerInfo;
import gradflow.spec.Threshold;
import gradflow.spec.Thresholds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shared logic of the vanishing and exploding checks: find the longest stretch of logged steps on
 * which the first-to-last signal ratio stayed beyond the threshold, and describe it with the
 * numbers a person needs (when, how far, what the loss did, whether it recovered).
 */
abstract class SignalRatioCheck implements Check {
  abstract Threshold threshold();

  /** True for the vanishing check: the signal weakens toward the input. */
  abstract boolean vanishing();

  /** True when the ratio is on the bad side of the threshold. */
  private boolean beyond(double ratio, double threshold) {
    return vanishing() ? ratio < threshold : ratio > threshold;
  }

  abstract String describe(String first, String last, double medianRatio);

  abstract String remedy(RunStats run);

  @Override
  public List<Finding> check(RunStats run, Thresholds thresholds) {
    if (run.signalEnds()[0] < 0 || run.steps().isEmpty()) return List.of();
    double limit = thresholds.get(threshold());
    double[] ratios = SignalRatios.ratios(run);
    SignalRatios.Episode episode =
        SignalRatios.longestHeld(
            run,
            ratios,
            r -> Double.isFinite(r) && beyond(r, limit),
            thresholds.get(Threshold.VANISHING_MIN_STEPS));
    if (episode == null) return List.of();

    List<StepStats> steps = run.steps();
    int[] ends = run.signalEnds();
    String first = run.layers().get(ends[0]).name();
    String last = run.layers().get(ends[1]).name();
    double median = Numbers.median(ratios, episode.fromIndex(), episode.toIndex());
    double finalRatio = ratios[ratios.length - 1];
    boolean recovered = episode.toIndex() < ratios.length - 1;
    double lossFrom = steps.get(episode.fromIndex()).loss();
    double lossTo = steps.get(episode.toIndex()).loss();

    StringBuilder message = new StringBuilder(describe(first, last, median));
    message.append(
        String.format(
            " over steps %d-%d (median ratio %s; loss %s -> %s)",
            episode.fromStep(),
            episode.toStep(),
            Numbers.format(median),
            Numbers.format(lossFrom),
            Numbers.format(lossTo)));
    message.append(
        recovered
            ? "; it recovered to a ratio of "
                + Numbers.format(finalRatio)
                + " by step "
                + steps.get(steps.size() - 1).step()
            : "; it still held at the last step");

    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("signal_ratio_median", median);
    evidence.put("signal_ratio_extreme", extreme(ratios, episode));
    evidence.put("signal_ratio_final", finalRatio);
    evidence.put("held_from_step", episode.fromStep());
    evidence.put("held_to_step", episode.toStep());
    evidence.put("still_at_end", !recovered);
    evidence.put("loss_at_start_of_episode", lossFrom);
    evidence.put("loss_at_end_of_episode", lossTo);
    evidence.put(
        "mean_abs_signal_by_layer",
        SignalRatios.layerMedians(
            run, LayerStat.MEAN_ABS_SIGNAL, episode.fromIndex(), episode.toIndex()));
    SignalAttribution attribution =
        SignalAttribution.of(run, episode.fromIndex(), episode.toIndex());
    if (attribution != null) {
      message.append(". Per layer: ").append(attribution.sentence(vanishing()));
      attribution.addEvidence(evidence, vanishing());
    }
    Map<String, Double> threshold = new LinkedHashMap<>();
    threshold.put(threshold().key(), limit);
    threshold.put(
        Threshold.VANISHING_MIN_STEPS.key(), thresholds.get(Threshold.VANISHING_MIN_STEPS));
    return List.of(
        info()
            .finding(Severity.ERROR, first, message.toString(), evidence, threshold, remedy(run)));
  }

  private double extreme(double[] ratios, SignalRatios.Episode e) {
    double x = ratios[e.fromIndex()];
    for (int i = e.fromIndex(); i <= e.toIndex(); i++)
      if (Double.isFinite(ratios[i]) && beyond(ratios[i], x)) x = ratios[i];
    return x;
  }

  /** Distinct activations of the hidden layers, for remedies. */
  static List<String> hiddenActivations(RunStats run) {
    List<String> names = new ArrayList<>();
    for (LayerInfo info : run.layers().subList(0, run.layers().size() - 1))
      if (!info.activation().isEmpty() && !names.contains(info.activation()))
        names.add(info.activation());
    return names;
  }
}
