package gradflow.cli;

import gradflow.app.TensorDump;
import gradflow.spec.NetworkSpec;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --dump-step N --dump-dir DIR}, shared by analyze and compare. */
final class DumpOptions {
  @Option(
      names = "--dump-step",
      paramLabel = "N",
      defaultValue = "-1",
      description =
          "dump step N's batch, weights and gradients as .npy files (0-based, before its update)")
  int dumpStep;

  @Option(
      names = "--dump-dir",
      paramLabel = "DIR",
      description = "folder for --dump-step (compare: one folder per variant, DIR/<NN>_<variant>/)")
  Path dumpDir;

  /** True when a dump was asked for. */
  boolean asked() {
    return dumpStep >= 0;
  }

  /** The flags alone make sense. */
  void check() {
    if (dumpStep >= 0 && dumpDir == null) throw new UserError("--dump-step needs --dump-dir DIR");
    if (dumpStep < -1) throw new UserError("--dump-step must be 0 or more, found " + dumpStep);
  }

  /** The step is one that {@code spec} runs ({@code what} names the spec in the message). */
  void check(NetworkSpec spec, String what) {
    if (dumpStep >= spec.train().steps())
      throw new UserError(
          "--dump-step "
              + dumpStep
              + " is beyond the last step"
              + what
              + " ("
              + (spec.train().steps() - 1)
              + ")");
  }

  /** The dump of one run of {@code spec} into {@code dir}. */
  TensorDump sink(Path dir, NetworkSpec spec, PrintStream err) {
    return new TensorDump(
        dumpStep, dir, spec.model() == null ? Map.of() : spec.model().sources(), err);
  }
}
