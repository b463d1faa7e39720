package gradflow.steps;

import gradflow.model.LayerInfo;
import gradflow.probe.CheckInfo;
import gradflow.probe.Checks;
import gradflow.report.Report.CheckNotRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which checks a steps file cannot feed, from each check's declared {@link CheckInfo#reads}: so
 * that judging it says which checks could not run instead of calling a run healthy because nothing
 * was measured.
 */
final class CheckNeeds {
  private CheckNeeds() {}

  /**
   * The checks {@code recorded} keys cannot feed, with why; a check that does not apply to any of
   * the {@code layers} (Maxout pieces without a Maxout layer; dead units without a relu, the only
   * activation whose units can die, as leaky relu and elu pass gradient below 0; saturation without
   * a sigmoid or tanh) is not listed.
   */
  static List<CheckNotRun> notRun(
      Set<String> recorded, List<LayerInfo> layers, List<String> disabled) {
    boolean maxout = layers.stream().anyMatch(l -> l.pieces() > 1);
    boolean canDie =
        layers.stream()
            .anyMatch(l -> l.activation().equals("relu") || l.activation().equals("relu6"));
    boolean saturating =
        layers.stream()
            .anyMatch(l -> l.activation().equals("sigmoid") || l.activation().equals("tanh"));
    List<CheckNotRun> notRun = new ArrayList<>();
    for (CheckInfo info : Checks.all()) {
      String code = info.code();
      if (disabled.contains(code)
          || code.startsWith("MAXOUT_") && !maxout
          || code.equals("DEAD_UNITS") && !canDie
          || code.equals("SATURATED_UNITS") && !saturating) continue;
      List<String> needs = info.reads();
      if (needs.stream().anyMatch(recorded::contains)) continue;
      notRun.add(
          new CheckNotRun(
              code,
              code.equals("NON_FINITE")
                  ? "the file has no footer, so a NaN or Inf would not be known"
                  : "no step recorded " + String.join(" or ", needs)));
    }
    return notRun;
  }
}
