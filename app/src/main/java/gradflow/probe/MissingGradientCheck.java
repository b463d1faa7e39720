package gradflow.probe;

import gradflow.spec.Thresholds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MISSING_GRADIENT: a parameter whose gradient was exactly zero at every logged step never learns.
 * No threshold: exactly zero is the test, since any real gradient, however small, is not.
 */
final class MissingGradientCheck implements Check {
  private static final CheckInfo INFO =
      new CheckInfo(
          "MISSING_GRADIENT",
          Severity.ERROR,
          null,
          "a parameter's gradient was exactly zero at every logged step, so it never learns",
          List.of(),
          List.of("parameters"));

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> check(RunStats run, Thresholds thresholds) {
    List<Finding> findings = new ArrayList<>();
    for (String param : run.zeroGradientParams()) {
      String layer = param.substring(0, param.lastIndexOf('.'));
      Map<String, Object> evidence = new LinkedHashMap<>();
      evidence.put("parameter", param);
      evidence.put("logged_steps_with_zero_gradient", run.steps().size());
      findings.add(
          INFO.finding(
              Severity.ERROR,
              layer,
              "the gradient of "
                  + param
                  + " was exactly zero at all "
                  + run.steps().size()
                  + " logged steps: it never learns",
              evidence,
              Map.of(),
              "something between "
                  + layer
                  + " and the loss passes no gradient: zero-initialised weights above it (use"
                  + " xavier_uniform or he_uniform), an activation with zero derivative, or a whole layer of dead units"));
    }
    return findings;
  }
}
