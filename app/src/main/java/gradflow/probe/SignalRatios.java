package gradflow.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoublePredicate;
import java.util.function.IntPredicate;

/**
 * The input-to-output signal ratio over a run: mean |dL/dz| at the first layer that has one divided
 * by mean |dL/dz| at the last, per logged step. The ratio is scale free (the loss's 1/n and the
 * learning rate cancel) and, unlike a ratio of mean |dL/dW|, not fooled by inputs that are always
 * zero.
 */
public final class SignalRatios {
  private SignalRatios() {}

  /** A stretch of consecutive logged steps on which the condition held. */
  record Episode(int fromIndex, int toIndex, int fromStep, int toStep) {
    int span() {
      return toStep - fromStep;
    }
  }

  /**
   * The input-most and output-most of {@code layers} layers that carry a backpropagated signal, as
   * {first, last}; {-1, -1} when fewer than two do. The one rule for the report's ratio, the checks
   * and the comparison charts.
   */
  public static int[] ends(int layers, IntPredicate carriesSignal) {
    int first = -1;
    int last = -1;
    for (int i = 0; i < layers; i++) {
      if (carriesSignal.test(i)) {
        if (first < 0) first = i;
        last = i;
      }
    }
    return first >= 0 && last > first ? new int[] {first, last} : new int[] {-1, -1};
  }

  /** First over last mean |dL/dz|, NaN where undefined (a last of 0, a non-finite first). */
  public static double ratio(double first, double last) {
    return last > 0 && Double.isFinite(first) ? first / last : Double.NaN;
  }

  /** Ratio per logged step (NaN where undefined). */
  public static double[] ratios(RunStats run) {
    List<StepStats> steps = run.steps();
    double[] r = new double[steps.size()];
    int[] ends = run.signalEnds();
    if (ends[0] < 0) {
      java.util.Arrays.fill(r, Double.NaN);
      return r;
    }
    for (int i = 0; i < r.length; i++) {
      List<LayerStepStats> layers = steps.get(i).layers();
      r[i] =
          ratio(
              layers.get(ends[0]).get(LayerStat.MEAN_ABS_SIGNAL),
              layers.get(ends[1]).get(LayerStat.MEAN_ABS_SIGNAL));
    }
    return r;
  }

  /**
   * Median of {@code stat} per layer over logged steps {@code from..to}, NaN where it is absent.
   */
  static List<Double> layerMedians(RunStats run, LayerStat stat, int from, int to) {
    List<Double> medians = new ArrayList<>();
    for (int layer = 0; layer < run.layers().size(); layer++) {
      double[] values = new double[to - from + 1];
      for (int i = from; i <= to; i++)
        values[i - from] = run.steps().get(i).layers().get(layer).get(stat);
      medians.add(Numbers.median(values));
    }
    return medians;
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
}
