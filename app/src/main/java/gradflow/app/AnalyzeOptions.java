package gradflow.app;

import gradflow.probe.Severity;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * What the user asked of one analysis, beyond the spec (already overridden by --steps, --seed,
 * --data-dir and --threshold).
 *
 * @param failOn lowest severity that fails the gate, or null for never
 * @param jsonl where to stream one JSON line per logged step: null, "-" for stdout, or a path
 * @param dumpStep 0-based step whose tensors to dump, or -1
 * @param dumpDir folder for the dump
 * @param progress true to draw a progress line on stderr
 * @param tensorboardDir folder for a TensorBoard event file, or null for none
 * @param stop read before each step: true ends training there, and the report is "interrupted"
 * @param disabledChecks finding codes whose checks do not run
 */
public record AnalyzeOptions(
    Severity failOn,
    String jsonl,
    int dumpStep,
    Path dumpDir,
    boolean progress,
    Path tensorboardDir,
    BooleanSupplier stop,
    List<String> disabledChecks) {

  /** Options for a run that is never stopped early. */
  public AnalyzeOptions(
      Severity failOn,
      String jsonl,
      int dumpStep,
      Path dumpDir,
      boolean progress,
      Path tensorboardDir) {
    this(failOn, jsonl, dumpStep, dumpDir, progress, tensorboardDir, () -> false, List.of());
  }

  /** These options with {@code stop} as the stop condition. */
  public AnalyzeOptions stoppingOn(BooleanSupplier stop) {
    return new AnalyzeOptions(
        failOn, jsonl, dumpStep, dumpDir, progress, tensorboardDir, stop, disabledChecks);
  }

  /** These options with the checks of {@code codes} switched off. */
  public AnalyzeOptions withDisabledChecks(List<String> codes) {
    return new AnalyzeOptions(
        failOn, jsonl, dumpStep, dumpDir, progress, tensorboardDir, stop, List.copyOf(codes));
  }
}
