package gradflow.probe;

import gradflow.spec.Thresholds;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Runs every check and orders the findings: most severe first, then input side first. */
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
          new MaxoutPieceCheck());

  private Checks() {}

  public static List<Finding> run(RunStats run, Thresholds thresholds) {
    List<Finding> findings = new ArrayList<>();
    for (Check check : ALL) findings.addAll(check.check(run, thresholds));
    findings.sort(
        Comparator.comparing((Finding f) -> -f.severity().ordinal())
            .thenComparingInt(
                f -> run.indexOf(f.layer()) < 0 ? Integer.MAX_VALUE : run.indexOf(f.layer())));
    return findings;
  }
}
