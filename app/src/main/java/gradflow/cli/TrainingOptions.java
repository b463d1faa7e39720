package gradflow.cli;

import gradflow.spec.NetworkSpec;
import gradflow.spec.TrainSpec;
import picocli.CommandLine.Option;

/** How long to train and how often to measure, for the commands that train. */
final class TrainingOptions {
  @Option(names = "--steps", paramLabel = "N", description = "override train.steps")
  Integer steps;

  @Option(
      names = "--log-every",
      paramLabel = "N",
      description = "override train.log_every: measure and log every N steps")
  Integer logEvery;

  /** {@code spec} with these overrides. */
  NetworkSpec apply(NetworkSpec spec) {
    if (steps == null && logEvery == null) return spec;
    if (steps != null && steps < 1)
      throw new UserError("--steps must be at least 1, found " + steps);
    if (logEvery != null && logEvery < 1)
      throw new UserError("--log-every must be at least 1, found " + logEvery);
    TrainSpec t = spec.train();
    return spec.withTrain(
        new TrainSpec(
            steps == null ? t.steps() : steps,
            t.batch(),
            logEvery == null ? t.logEvery() : logEvery));
  }
}
