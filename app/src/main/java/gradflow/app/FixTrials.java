package gradflow.app;

import gradflow.probe.Finding;
import gradflow.report.Fixes;
import gradflow.report.Report;
import gradflow.spec.NetworkSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

/**
 * {@code analyze --try-fixes}: runs every candidate patch for a run's error and warning findings
 * with the same seed and steps, on {@code jobs} threads (the results do not depend on how many),
 * and says which findings each one cured, which it left and which it added.
 */
public final class FixTrials {
  /** How the best candidate is chosen; the one place this rule lives. */
  public static final String RULE =
      "the candidate that cures the most of the original error and warning findings without adding"
          + " a new one; among those, the highest test accuracy, then the first listed";

  private FixTrials() {}

  /** What was tried, and the best candidate's spec (null when none qualifies). */
  public record Result(Fixes fixes, NetworkSpec bestSpec) {}

  /**
   * Tries the candidates for {@code original}, the judged run of {@code spec}. Candidates that a
   * stop request skipped or cut short are left out. {@code progress} is given the number of
   * candidates and hears the number finished after each run.
   */
  public static Result run(
      NetworkSpec spec,
      String specSha256,
      JudgedRun original,
      AnalyzeOptions options,
      Gate gate,
      int jobs,
      IntFunction<IntConsumer> progress)
      throws IOException {
    List<Finding> findings = original.result().findings();
    List<FixCandidates.Candidate> candidates = FixCandidates.of(spec, findings);
    List<Comparer.Job> jobList = new ArrayList<>();
    for (FixCandidates.Candidate c : candidates)
      jobList.add(new Comparer.Job(c.patched().spec(), specSha256, List.of()));
    List<JudgedRun> runs =
        Comparer.run(jobList, options, gate, jobs, progress.apply(jobList.size()));

    List<Fixes.Target> targets = targets(findings);
    List<Fixes.Candidate> tried = new ArrayList<>();
    List<NetworkSpec> specs = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      JudgedRun run = runs.get(i);
      if (run == null || run.result().interrupted()) continue;
      tried.add(candidate(candidates.get(i), targets, run));
      specs.add(candidates.get(i).patched().spec());
    }
    int best = best(tried);
    if (best >= 0) {
      Fixes.Candidate b = tried.get(best);
      tried.set(
          best,
          new Fixes.Candidate(
              b.fix(),
              b.change(),
              b.proposedFor(),
              b.outcome(),
              b.cured(),
              b.remaining(),
              b.fresh(),
              true));
    }
    List<Fixes.Target> notCured =
        targets.stream().filter(t -> tried.stream().noneMatch(c -> c.cured().contains(t))).toList();
    Fixes fixes =
        new Fixes(
            RULE,
            outcome(original.report()),
            List.copyOf(tried),
            best < 0 ? null : tried.get(best).fix(),
            notCured,
            null);
    return new Result(fixes, best < 0 ? null : specs.get(best));
  }

  private static Fixes.Candidate candidate(
      FixCandidates.Candidate c, List<Fixes.Target> targets, JudgedRun run) {
    List<Fixes.Target> after = targets(run.result().findings());
    List<Fixes.Target> cured = new ArrayList<>();
    List<Fixes.Target> remaining = new ArrayList<>();
    for (Fixes.Target t : targets) {
      String layer = c.patched().nameOf(t.layer());
      boolean still =
          after.stream().anyMatch(a -> a.code().equals(t.code()) && a.layer().equals(layer));
      (still ? remaining : cured).add(t);
    }
    List<Fixes.Target> fresh =
        after.stream()
            .filter(
                a ->
                    targets.stream()
                        .noneMatch(
                            t ->
                                t.code().equals(a.code())
                                    && c.patched().nameOf(t.layer()).equals(a.layer())))
            .toList();
    return new Fixes.Candidate(
        c.fix().id(),
        c.fix().change(),
        c.proposedFor(),
        outcome(run.report()),
        List.copyOf(cured),
        List.copyOf(remaining),
        fresh,
        false);
  }

  /** The index of the best candidate by {@link #RULE}, or -1. */
  static int best(List<Fixes.Candidate> tried) {
    int best = -1;
    for (int i = 0; i < tried.size(); i++) {
      Fixes.Candidate c = tried.get(i);
      if (c.cured().isEmpty() || !c.fresh().isEmpty()) continue;
      if (best < 0 || better(c, tried.get(best))) best = i;
    }
    return best;
  }

  private static boolean better(Fixes.Candidate a, Fixes.Candidate b) {
    if (a.cured().size() != b.cured().size()) return a.cured().size() > b.cured().size();
    return accuracy(a) > accuracy(b);
  }

  private static double accuracy(Fixes.Candidate c) {
    Double acc = c.outcome().testAccuracy();
    return acc == null ? Double.NEGATIVE_INFINITY : acc;
  }

  private static List<Fixes.Target> targets(List<Finding> findings) {
    return findings.stream()
        .filter(FixCandidates::targeted)
        .map(f -> new Fixes.Target(f.code(), f.layer(), f.severity().label()))
        .distinct() // one per code and layer: MISSING_GRADIENT comes per parameter
        .toList();
  }

  private static Fixes.Outcome outcome(Report r) {
    return new Fixes.Outcome(
        r.status(),
        r.signalRatio() == null ? null : r.signalRatio().median(),
        r.training() == null ? null : r.training().testAccuracy());
  }
}
