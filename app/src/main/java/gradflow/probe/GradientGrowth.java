package gradflow.probe;

import gradflow.spec.Threshold;
import gradflow.spec.Thresholds;
import gradflow.train.NonFiniteEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * EXPLODING_GRADIENT's rule in time: the global gradient norm reached {@code exploding_growth}
 * (default 1000) times its early value, the norm at the first entry of the run's norm trace (step
 * 0). That is the initial network's gradient, before any update could change its scale: a median of
 * later steps was measured to miss fast divergence (SGD lr 10 on the MNIST subset is already at
 * 1e4x by step 2); one batch's noise is far smaller than the threshold. The trace is the probe's
 * norm of every training step, so a blow-up between logged steps is seen; a producer without one
 * gets the norm at each logged step, sqrt of the sum of the layers' squared grad_l2.
 */
final class GradientGrowth {
  private GradientGrowth() {}

  /** The global gradient norm per entry, with the step of each entry. */
  record Trace(int[] steps, double[] norms) {}

  static Trace trace(RunStats run) {
    double[] norms = run.gradNorms();
    if (norms.length > 0) {
      int[] steps = new int[norms.length];
      for (int i = 0; i < steps.length; i++) steps[i] = i;
      return new Trace(steps, norms.clone());
    }
    List<StepStats> logged = run.steps();
    int[] steps = new int[logged.size()];
    double[] fromLayers = new double[logged.size()];
    for (int i = 0; i < steps.length; i++) {
      steps[i] = logged.get(i).step();
      double sum = 0;
      for (LayerStepStats layer : logged.get(i).layers()) {
        double l2 = layer.get(LayerStat.GRAD_L2);
        if (!Double.isNaN(l2)) sum += l2 * l2;
      }
      fromLayers[i] = Math.sqrt(sum);
    }
    return new Trace(steps, fromLayers);
  }

  /** The finding when the norm grew at least {@code exploding_growth} times, else null. */
  static Finding find(RunStats run, Thresholds thresholds, CheckInfo info) {
    double limit = thresholds.get(Threshold.EXPLODING_GROWTH);
    Trace trace = trace(run);
    double[] norms = trace.norms();
    if (norms.length == 0) return null;
    double base = norms[0];
    // no gradient to grow from (MISSING_GRADIENT's case), or non-finite at once (NON_FINITE's)
    if (!(base > 0) || !Double.isFinite(base)) return null;
    int peak = -1;
    int crossed = -1;
    for (int i = 0; i < norms.length; i++) {
      if (!Double.isFinite(norms[i])) continue;
      if (crossed < 0 && norms[i] >= limit * base) crossed = i;
      if (peak < 0 || norms[i] > norms[peak]) peak = i;
    }
    if (crossed < 0) return null;
    double growth = norms[peak] / base;
    int[] steps = trace.steps();
    NonFiniteEvent nan = run.summary() == null ? null : run.summary().nonFinite();
    boolean nanFollowed = nan != null && nan.step() >= steps[crossed];

    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("growth", growth);
    evidence.put("early_grad_norm", base);
    evidence.put("early_step", steps[0]);
    evidence.put("peak_grad_norm", norms[peak]);
    evidence.put("peak_step", steps[peak]);
    evidence.put("crossed_at_step", steps[crossed]);
    evidence.put("non_finite_followed", nanFollowed);
    if (nanFollowed) evidence.put("non_finite_step", nan.step());
    evidence.put("every_step", run.gradNorms().length > 0);
    String message =
        String.format(
            "the global gradient norm grew %s, from %s at step %d to %s at step %d"
                + " (past %sx from step %d)",
            Numbers.factor(growth),
            Numbers.format(base),
            steps[0],
            Numbers.format(norms[peak]),
            steps[peak],
            Numbers.format(limit),
            steps[crossed]);
    message +=
        nanFollowed
            ? "; NaN or Inf followed at step "
                + nan.step()
                + " in the "
                + nan.where()
                + " of "
                + nan.layer()
            : "; no NaN followed";
    return info.finding(
        Severity.ERROR,
        "network",
        message,
        evidence,
        Map.of(Threshold.EXPLODING_GROWTH.key(), limit),
        "lower the learning rate (try 10x lower), add clip_norm: 1.0 to the optimizer, and scale the"
            + " initialisation down (he_uniform or xavier_uniform)");
  }
}
