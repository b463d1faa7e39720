package gradflow.app;

import gradflow.probe.Severity;
import java.nio.file.Path;

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
 */
public record AnalyzeOptions(
    Severity failOn,
    String jsonl,
    int dumpStep,
    Path dumpDir,
    boolean progress,
    Path tensorboardDir) {}
