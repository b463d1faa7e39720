package gradflow.probe;

import gradflow.spec.Thresholds;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Every check, and running them: findings ordered most severe first, then input side first. */
public final class Checks {
  private static final List<Check> ALL =
      List.of(
          new NonFiniteCheck(),
          new MissingGradientCheck(),
          new VanishingGradientCheck(),
          new ExplodingGradientCheck(),
          new DeadUnitsCheck(),
          new FrozenUnitsCheck(),
          new SaturatedUnitsCheck(),
          new LargeActivationsCheck(),
          new MaxoutDominantPieceCheck(),
          new MaxoutDeadPieceCheck());

  private Checks() {}

  /** What every check is, in the order the checks run. */
  public static List<CheckInfo> all() {
    return ALL.stream().map(Check::info).toList();
  }

  /** Every finding code. */
  public static List<String> codes() {
    return ALL.stream().map(c -> c.info().code()).toList();
  }

  public static List<Finding> run(RunStats run, Thresholds thresholds) {
    return run(run, thresholds, List.of());
  }

  /** Runs every check whose code is not in {@code disabled} (codes known to {@link #codes}). */
  public static List<Finding> run(
      RunStats run, Thresholds thresholds, Collection<String> disabled) {
    List<Finding> findings = new ArrayList<>();
    for (Check check : ALL)
      if (!disabled.contains(check.info().code())) findings.addAll(check.check(run, thresholds));
    findings.sort(
        Comparator.comparing((Finding f) -> -f.severity().ordinal())
            .thenComparingInt(
                f -> run.indexOf(f.layer()) < 0 ? Integer.MAX_VALUE : run.indexOf(f.layer())));
    return findings;
  }
}
