package gradflow.probe;

import gradflow.spec.Threshold;
import gradflow.spec.Thresholds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DEAD_UNITS: ReLU units that never had z > 0 in each of the last logged windows. An info from
 * {@code dead_fraction_info} (default 0.1, keras-contrib's warning level) of a layer's units, a
 * warning from {@code dead_fraction} (default 0.5, SageMaker Debugger's dead-ReLU rule: healthy
 * nets often have 10-25% dead units), an error when the whole layer is dead, since then no gradient
 * passes it at all.
 */
final class DeadUnitsCheck implements Check {
  private static final CheckInfo INFO =
      new CheckInfo(
          "DEAD_UNITS",
          Severity.WARN,
          "when the whole layer is dead; info from dead_fraction_info up to dead_fraction",
          "ReLU-family units that never activate in the last logged windows, so no gradient passes them",
          List.of(Threshold.DEAD_FRACTION, Threshold.DEAD_FRACTION_INFO),
          List.of("dead_fraction"));

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> check(RunStats run, Thresholds thresholds) {
    double limit = thresholds.get(Threshold.DEAD_FRACTION);
    double infoLimit = thresholds.get(Threshold.DEAD_FRACTION_INFO);
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < run.layers().size(); i++) {
      double dead = UnitFractions.tailMinimum(run, i, LayerStat.DEAD_FRACTION);
      if (!(dead >= Math.min(limit, infoLimit)) || dead == 0) continue;
      String layer = run.layers().get(i).name();
      int units = run.layers().get(i).units();
      Map<String, Object> evidence = new LinkedHashMap<>();
      evidence.put("dead_fraction", dead);
      evidence.put("dead_units", Math.round(dead * units));
      evidence.put("units", units);
      evidence.put("windows_judged", Math.min(UnitFractions.TAIL_WINDOWS, run.steps().size()));
      Map<String, Double> threshold = new LinkedHashMap<>();
      threshold.put(Threshold.DEAD_FRACTION.key(), limit);
      threshold.put(Threshold.DEAD_FRACTION_INFO.key(), infoLimit);
      findings.add(
          INFO.finding(
              dead >= 1.0 ? Severity.ERROR : dead >= limit ? Severity.WARN : Severity.INFO,
              layer,
              Numbers.percent(dead)
                  + " of "
                  + layer
                  + "'s "
                  + units
                  + " ReLU units never activated (z > 0) in the last logged windows"
                  + (dead >= 1.0 ? ": no gradient passes this layer" : ""),
              evidence,
              threshold,
              "use leaky_relu (alpha 0.01-0.2) or elu, lower the learning rate, initialise biases at 0 (not negative) and"
                  + " weights with he_uniform"));
    }
    return findings;
  }
}
