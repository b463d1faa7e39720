package gradflow.cli;

import gradflow.spec.MnistSpec;
import gradflow.spec.NetworkSpec;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The seed and the data a run uses, for the commands that build and run the network. */
final class RunOptions {
  @Option(names = "--seed", paramLabel = "N", description = "override the spec's seed")
  Long seed;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "read MNIST IDX files from DIR instead of the spec's data.mnist.dir")
  Path dataDir;

  /** {@code spec} (read from {@code file}) with these overrides. */
  NetworkSpec apply(NetworkSpec spec, Path file) {
    NetworkSpec s = spec;
    if (seed != null) s = s.withSeed(seed);
    if (dataDir != null) {
      if (!(s.data() instanceof MnistSpec m))
        throw new UserError(
            "--data-dir applies to MNIST data, but "
                + file
                + " uses "
                + s.data().getClass().getSimpleName().replace("Spec", "").toLowerCase()
                + " data");
      s = s.withData(m.withDir(dataDir.toString()));
    }
    return s;
  }
}
