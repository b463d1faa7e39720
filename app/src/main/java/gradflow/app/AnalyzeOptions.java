package gradflow.app;

import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * How to run one analysis, beyond the spec (already overridden by --steps, --seed, --data-dir and
 * --threshold) and its outputs (the sinks).
 *
 * @param disabledChecks finding codes whose checks do not run
 * @param stop read before each step: true ends training there, and the run is interrupted
 */
public record AnalyzeOptions(List<String> disabledChecks, BooleanSupplier stop) {
  public AnalyzeOptions {
    disabledChecks = List.copyOf(disabledChecks);
  }

  /** Every check, never stopped early. */
  public static AnalyzeOptions defaults() {
    return new AnalyzeOptions(List.of(), () -> false);
  }
}
