package gradflow.cli;

import gradflow.spec.NetworkSpec;
import gradflow.spec.SpecWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --try-fixes}, {@code --write-fixed} and {@code --jobs}: analyze's verified remedies. */
final class FixOptions {
  @Option(
      names = "--try-fixes",
      description =
          "for each error or warning finding, run the spec patches that plausibly cure it (relu or"
              + " leaky_relu with he init, batchnorm, he or xavier init, zero bias init, clip_norm"
              + " 1.0, lr/10),"
              + " each with the same seed (or --seeds) and steps, and report per candidate which findings went"
              + " away, which new ones appeared, and the signal ratio and test accuracy before and"
              + " after; best: the one that cures the most without adding a finding, then the"
              + " highest test accuracy. The verdict and exit code stay the original run's")
  boolean tryFixes;

  @Option(
      names = "--write-fixed",
      paramLabel = "FILE",
      description =
          "with --try-fixes: write the best candidate's spec, as it ran (with --steps, --seed and"
              + " --threshold applied), to FILE as YAML; gradflow analyze FILE reproduces its"
              + " numbers. Nothing is written when no candidate qualifies")
  Path writeFixed;

  @Option(
      names = "--jobs",
      paramLabel = "N",
      description =
          "with --try-fixes: run up to N candidates at once (default: 1); the results do not"
              + " depend on N")
  private Integer jobs;

  @Option(
      names = "--seeds",
      paramLabel = "N",
      description =
          "with --try-fixes: run each candidate, and the unpatched spec, on N seeds from the"
              + " spec's on (default: 1); a finding counts as cured only when it is"
              + " gone on every seed, and before/after are medians over the same seeds")
  private Integer seeds;

  int jobs() {
    return jobs == null ? 1 : jobs;
  }

  int seeds() {
    return seeds == null ? 1 : seeds;
  }

  /** The option combinations, before the spec is read. */
  void check() {
    if (writeFixed != null && !tryFixes)
      throw new UserError(
          "--write-fixed needs --try-fixes: the fixed spec is the best candidate it finds");
    if (jobs != null && !tryFixes)
      throw new UserError(
          "analyze --jobs needs --try-fixes (it runs the candidates at once); to run variants at"
              + " once, use gradflow compare SPEC --jobs N");
    if (seeds != null && !tryFixes)
      throw new UserError(
          "analyze --seeds needs --try-fixes (it seeds the candidates); to compare seeds of one"
              + " spec, use gradflow compare SPEC --seeds N");
    if (jobs() < 1) throw new UserError("--jobs must be at least 1, found " + jobs);
    if (seeds() < 1) throw new UserError("--seeds must be at least 1, found " + seeds);
  }

  /** What --write-fixed needs of the spec, before training. */
  void check(NetworkSpec spec, Path specFile) {
    if (writeFixed == null) return;
    String unwritable = SpecWriter.unwritable(spec);
    if (unwritable != null)
      throw new UserError(
          "--write-fixed cannot write "
              + specFile
              + ": "
              + unwritable
              + "; drop --write-fixed and apply the best fix --try-fixes reports by hand");
  }
}
