package gradflow.probe;

import java.util.List;
import java.util.function.ToDoubleFunction;

/** Per-layer fractions read from the last logged windows of a run. */
final class UnitFractions {
  /** Windows judged: a unit must look dead or frozen in each of them, not in one unlucky batch. */
  static final int TAIL_WINDOWS = 3;

  private UnitFractions() {}

  /**
   * The smallest value of {@code field} for the layer over the last {@link #TAIL_WINDOWS} logged
   * steps (NaN when the field does not apply): a lower bound on what held at the end of the run.
   */
  static double tailMinimum(RunStats run, int layer, ToDoubleFunction<LayerStepStats> field) {
    List<StepStats> steps = run.steps();
    double min = Double.NaN;
    for (int i = Math.max(0, steps.size() - TAIL_WINDOWS); i < steps.size(); i++) {
      double v = field.applyAsDouble(steps.get(i).layers().get(layer));
      if (Double.isNaN(v)) return Double.NaN;
      min = Double.isNaN(min) ? v : Math.min(min, v);
    }
    return min;
  }

  static double tailMinimum(RunStats run, int layer, LayerStat stat) {
    return tailMinimum(run, layer, l -> l.get(stat));
  }

  static double mean(RunStats run, int layer, ToDoubleFunction<LayerStepStats> field) {
    double sum = 0;
    int n = 0;
    for (StepStats s : run.steps()) {
      double v = field.applyAsDouble(s.layers().get(layer));
      if (Double.isFinite(v)) {
        sum += v;
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }
}
