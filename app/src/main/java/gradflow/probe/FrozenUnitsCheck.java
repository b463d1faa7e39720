package gradflow.probe;

import gradflow.spec.Threshold;
import gradflow.spec.Thresholds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * FROZEN_UNITS: at least {@code frozen_fraction} (default 0.1) of a layer's units received exactly
 * zero dL/dz for every example of each of the last logged windows, beyond those already counted as
 * dead ReLUs. Such units cannot learn: something above them (zero weights, dead or saturated units)
 * blocks the gradient. Error when no unit of the layer gets any gradient.
 */
final class FrozenUnitsCheck implements Check {
  private static final CheckInfo INFO =
      new CheckInfo(
          "FROZEN_UNITS",
          Severity.WARN,
          "when no unit of the layer gets a gradient",
          "units that receive exactly zero gradient dL/dz in the last logged windows, beyond dead ReLUs",
          List.of(Threshold.FROZEN_FRACTION),
          List.of("frozen_fraction"));

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> check(RunStats run, Thresholds thresholds) {
    double limit = thresholds.get(Threshold.FROZEN_FRACTION);
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < run.layers().size(); i++) {
      double frozen = UnitFractions.tailMinimum(run, i, LayerStat.FROZEN_FRACTION);
      double dead = UnitFractions.tailMinimum(run, i, LayerStat.DEAD_FRACTION);
      int units = run.layers().get(i).units();
      // both are whole units over the layer's size: subtract in units, since in doubles 3/10 - 2/10
      // is 0.09999999999999998 and would hide one unit in ten from a 0.1 threshold
      double unexplained =
          Double.isNaN(dead) ? frozen : Math.round((frozen - dead) * units) / (double) units;
      if (!(unexplained >= limit) || unexplained == 0) continue;
      String layer = run.layers().get(i).name();
      Map<String, Object> evidence = new LinkedHashMap<>();
      evidence.put("frozen_fraction", frozen);
      evidence.put("frozen_units", Math.round(frozen * units));
      evidence.put("units", units);
      if (!Double.isNaN(dead)) evidence.put("dead_fraction", dead);
      String above = i + 1 < run.layers().size() ? run.layers().get(i + 1).name() : "the loss";
      findings.add(
          INFO.finding(
              frozen >= 1.0 ? Severity.ERROR : Severity.WARN,
              layer,
              Numbers.percent(frozen)
                  + " of "
                  + layer
                  + "'s "
                  + units
                  + " units received no gradient at all (dL/dz = 0 for"
                  + " every example) in the last logged windows",
              evidence,
              Map.of(Threshold.FROZEN_FRACTION.key(), limit),
              "look at "
                  + above
                  + " and the layers above it: zero-initialised weights (use xavier_uniform or he_uniform),"
                  + " dead ReLUs or saturated units stop the gradient before it reaches "
                  + layer));
    }
    return findings;
  }
}
