package gradflow.cli;

import gradflow.app.VariantPlan;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --sweep}, {@code --seeds} and {@code --seed-list}: which variants compare runs. */
final class SweepOptions {
  @Option(
      names = "--sweep",
      paramLabel = "KEY=V1,V2,...",
      description = {
        "one variant per value (repeatable; sweeps multiply). Keys: activation (every layer but the"
            + " last; leaky_relu:0.01 sets alpha), init (weight init of every layer), lr, seed,"
            + " steps, batch. Replaces the spec's sweep: values for the same key"
      })
  List<String> sweeps = new ArrayList<>();

  @Option(
      names = "--seeds",
      paramLabel = "N",
      description =
          "run every variant with N seeds: the spec's seed (or --seed) and the N-1 after; replaces"
              + " a sweep: seed in the spec")
  Integer seeds;

  @Option(
      names = "--seed-list",
      paramLabel = "S1,S2,...",
      split = ",",
      description = "run every variant with these seeds; replaces a sweep: seed in the spec")
  List<Long> seedList;

  /** The checked plan of these options. */
  VariantPlan plan() {
    return VariantPlan.of(sweeps, seeds, seedList);
  }
}
