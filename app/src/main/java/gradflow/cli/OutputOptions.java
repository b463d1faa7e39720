package gradflow.cli;

import java.nio.file.Path;
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
          "write a TensorBoard event file (events.out.tfevents.*) to DIR, created if missing:"
              + " per-layer scalars, loss, accuracy, and histograms of each parameter's weights and"
              + " gradients at every logged step; streamed while training (tensorboard --logdir"
              + " DIR). compare writes one run per variant into DIR/<NN>_<variant>/, so that"
              + " the variants overlay")
  Path tensorboard;

  @Option(
      names = {"-q", "--quiet"},
      description =
          "no table and no progress line: only one line per finding (compare: per variant) and"
              + " the verdict, on stderr")
  boolean quiet;

  /** True when the JSON report goes to stdout, so the table goes to stderr. */
  boolean jsonToStdout() {
    return "-".equals(json);
  }

  /** A progress line only for a person watching a terminal. */
  boolean progress() {
    return !quiet && Boolean.getBoolean("gradflow.stderrTty");
  }
}
