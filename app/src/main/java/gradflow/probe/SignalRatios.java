package gradflow.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoublePredicate;

/**
 * The input-to-output signal ratio over a run: mean |dL/dz| at the first layer that has one divided
 * by mean |dL/dz| at the last, per logged step. The ratio is scale free (the loss's 1/n and the
 * learning rate cancel) and, unlike a ratio of mean |dL/dW|, not fooled by inputs that are always
 * zero.
 */
final class SignalRatios {
  private SignalRatios() {}

  /** A stretch of consecutive logged steps on which the condition held. */
  record Episode(int fromIndex, int toIndex, int fromStep, int toStep) {
    int span() {
      return toStep - fromStep;
    }
  }

  /** Ratio per logged step (NaN where undefined). */
  static double[] ratios(RunStats run) {
    List<StepStats> steps = run.steps();
    double[] r = new double[steps.size()];
    int[] ends = run.signalEnds();
    if (ends[0] < 0) {
      java.util.Arrays.fill(r, Double.NaN);
      return r;
    }
    for (int i = 0; i < r.length; i++) {
      List<LayerStepStats> layers = steps.get(i).layers();
      double first = layers.get(ends[0]).meanAbsSignal();
      double last = layers.get(ends[1]).meanAbsSignal();
      r[i] = last > 0 && Double.isFinite(first) ? first / last : Double.NaN;
    }
    return r;
  }

  /**
   * The longest stretch where {@code condition} held that spans at least {@code minSteps} steps, or
   * covers every logged step of a run with two or more; null when there is none.
   */
  static Episode longestHeld(
      RunStats run, double[] ratios, DoublePredicate condition, double minSteps) {
    List<Episode> episodes = new ArrayList<>();
    int start = -1;
    for (int i = 0; i <= ratios.length; i++) {
      boolean holds = i < ratios.length && condition.test(ratios[i]);
      if (holds && start < 0) start = i;
      if (!holds && start >= 0) {
        episodes.add(
            new Episode(
                start, i - 1, run.steps().get(start).step(), run.steps().get(i - 1).step()));
        start = -1;
      }
    }
    Episode best = null;
    for (Episode e : episodes) {
      boolean whole = e.fromIndex() == 0 && e.toIndex() == ratios.length - 1 && ratios.length >= 2;
      if ((e.span() >= minSteps || whole) && (best == null || e.span() > best.span())) best = e;
    }
    return best;
  }

  static double median(double[] values, int from, int to) {
    double[] v =
        java.util.Arrays.stream(values, from, to + 1).filter(Double::isFinite).sorted().toArray();
    if (v.length == 0) return Double.NaN;
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
