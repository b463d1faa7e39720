package gradflow.probe;

import gradflow.spec.Thresholds;
import gradflow.train.NonFiniteEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** NON_FINITE: a NaN or Inf appeared; training stopped there. Only real NaN/Inf count. */
final class NonFiniteCheck implements Check {
  private static final CheckInfo INFO =
      new CheckInfo(
          "NON_FINITE",
          Severity.ERROR,
          null,
          "a NaN or Inf appeared in the parameters, activations, loss or gradients; training stopped there",
          List.of(),
          List.of("end"));

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> check(RunStats run, Thresholds thresholds) {
    NonFiniteEvent event = run.summary() == null ? null : run.summary().nonFinite();
    if (event == null) return List.of();
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("step", event.step());
    evidence.put("where", event.where());
    return List.of(
        INFO.finding(
            Severity.ERROR,
            event.layer(),
            "NaN or Inf first appeared at step "
                + event.step()
                + " in the "
                + event.where()
                + " of "
                + event.layer()
                + "; training stopped there",
            evidence,
            Map.of(),
            "lower the learning rate (try 10x lower), add clip_norm: 1.0 to the optimizer, and check the initialisation"
                + " scale"));
  }
}
