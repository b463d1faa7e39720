package gradflow.cli;

import gradflow.app.TensorBoardRuns;
import java.nio.file.Path;
import java.time.Instant;
import picocli.CommandLine.Option;

/** {@code --json}, {@code --tensorboard} and {@code -q}, shared by analyze and compare. */
final class OutputOptions {
  @Option(
      names = "--json",
      paramLabel = "FILE|-",
      description =
          "write the report to FILE, or to stdout with '-' (analyze: schema gradflow.report/1,"
              + " compare: gradflow.compare/1)")
  String json;

  @Option(
      names = "--tensorboard",
      paramLabel = "DIR",
      description =
          "write a TensorBoard run to DIR/<spec name>-<UTC time>/ (or DIR/<--run-name>/), DIR"
              + " created if missing: per-layer scalars, loss, accuracy, and histograms of each"
              + " parameter's weights and gradients at every logged step, streamed while"
              + " training, then the findings and the verdict as text (tensorboard --logdir DIR)."
              + " compare writes one run per variant into DIR/compare-<UTC time>/<NN>_<variant>/,"
              + " so that the variants overlay")
  Path tensorboard;

  @Option(
      names = "--run-name",
      paramLabel = "NAME",
      description =
          "with --tensorboard: the run folder's name under DIR instead of a timestamped one; a"
              + " folder that already holds a run is refused (TensorBoard would merge the two)")
  String runName;

  @Option(
      names = {"-q", "--quiet"},
      description =
          "no table and no progress line: only one line per finding (compare: per variant) and"
              + " the verdict, on stderr")
  boolean quiet;

  /**
   * The folder under --tensorboard DIR that this run writes (a fresh one: see {@link
   * TensorBoardRuns}), null without --tensorboard; {@code name} names a timestamped one.
   */
  Path tensorboardRun(String name) {
    if (tensorboard == null) {
      if (runName != null)
        throw new UserError("--run-name names a --tensorboard run; give --tensorboard DIR too");
      return null;
    }
    try {
      return TensorBoardRuns.folder(tensorboard, name, runName, Instant.now());
    } catch (TensorBoardRuns.BadRunName e) {
      throw new UserError(e.getMessage());
    }
  }

  /** True when the JSON report goes to stdout, so the table goes to stderr. */
  boolean jsonToStdout() {
    return "-".equals(json);
  }

  /** A progress line only for a person watching a terminal. */
  boolean progress() {
    return !quiet && Boolean.getBoolean("gradflow.stderrTty");
  }
}
