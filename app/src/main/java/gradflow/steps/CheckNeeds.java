package gradflow.steps;

import gradflow.model.LayerInfo;
import gradflow.probe.Checks;
import gradflow.report.Report.CheckNotRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which recorded statistics each check reads, so that judging a steps file says which checks could
 * not run instead of calling a run healthy because nothing was measured.
 */
final class CheckNeeds {
  /** Per finding code, the keys of docs/steps-format.md it needs (any one of them). */
  private static final Map<String, List<String>> NEEDS =
      Map.of(
          "NON_FINITE", List.of("end"),
          "MISSING_GRADIENT", List.of("parameters"),
          "VANISHING_GRADIENT", List.of("mean_abs_signal"),
          "EXPLODING_GRADIENT", List.of("mean_abs_signal"),
          "DEAD_UNITS", List.of("dead_fraction"),
          "FROZEN_UNITS", List.of("frozen_fraction"),
          "SATURATED_UNITS", List.of("saturation_shares", "saturated_fraction"),
          "LARGE_ACTIVATIONS", List.of("mean_abs_activation"),
          "MAXOUT_DOMINANT_PIECE", List.of("piece_win_count"),
          "MAXOUT_DEAD_PIECE", List.of("piece_win_count"));

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
    for (String code : Checks.codes()) {
      if (disabled.contains(code)
          || code.startsWith("MAXOUT_") && !maxout
          || code.equals("DEAD_UNITS") && !canDie
          || code.equals("SATURATED_UNITS") && !saturating) continue;
      List<String> needs = NEEDS.get(code);
      if (needs == null || needs.stream().anyMatch(recorded::contains)) continue;
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
