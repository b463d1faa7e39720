package gradflow.report;

import gradflow.probe.LayerStat;
import gradflow.probe.RunStats;
import java.util.ArrayList;
import java.util.List;

/**
 * The two ratios that summarise how a run's gradient reaches its input side, each a median over the
 * logged steps, null where undefined. The one rule for each, for the report, the comparison and the
 * baseline gate. Both are input side over output side: below 1 the gradient weakens on its way back
 * (vanishing), above 1 it grows (exploding).
 *
 * @param signal {@code signal_ratio}: mean |dL/dz| at the first layer over the last
 * @param grad {@code grad_ratio}: mean |dL/dW| median of the first layer with weights over the
 *     last's
 */
public record Ratios(Double signal, Double grad) {

  /** The ratios of a finished run, as its report gives them. */
  public static Ratios of(RunStats run) {
    List<Double> gradMedians = new ArrayList<>();
    for (int i = 0; i < run.layers().size(); i++)
      gradMedians.add(ReportBuilder.median(run, i, LayerStat.MEAN_ABS_GRAD));
    return new Ratios(ReportBuilder.signalRatio(run).median(), grad(gradMedians));
  }

  /**
   * The gradient ratio of per-layer mean |dL/dW| values, input side first (null and non-finite ones
   * skipped: layers without weights): the first over the last; null for fewer than two or a ratio
   * that is not finite.
   */
  public static Double grad(List<Double> meanAbsGrad) {
    List<Double> present =
        meanAbsGrad.stream().filter(v -> v != null && Double.isFinite(v)).toList();
    if (present.size() < 2) return null;
    double ratio = present.get(0) / present.get(present.size() - 1);
    return Double.isFinite(ratio) ? ratio : null;
  }

  /**
   * How far {@code ratio} is from balance (1), as a factor of 1 or more: a ratio of 0.01 and one of
   * 100 are both 100. Vanishing and exploding both move a ratio away from 1.
   */
  static double imbalance(double ratio) {
    return ratio >= 1 ? ratio : 1 / ratio;
  }
}
