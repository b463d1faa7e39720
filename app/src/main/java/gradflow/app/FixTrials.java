package gradflow.app;

import gradflow.probe.Finding;
import gradflow.probe.Numbers;
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
 * with the same seeds and steps, on {@code jobs} threads (the results do not depend on how many),
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
   * Tries the candidates for {@code original}, the judged run of {@code spec}, each on {@code
   * seeds} seeds from the spec's on; the original spec runs on the seeds after its own too, so that
   * before and after are medians over the same seeds. A finding counts as cured only when it is
   * gone on every seed. Candidates that a stop request skipped or cut short on any seed are left
   * out. {@code progress} is given the number of runs and hears the number finished after each.
   */
  public static Result run(
      NetworkSpec spec,
      String specSha256,
      JudgedRun original,
      AnalyzeOptions options,
      Gate gate,
      int jobs,
      int seeds,
      IntFunction<IntConsumer> progress)
      throws IOException {
    List<Finding> findings = original.result().findings();
    List<FixCandidates.Candidate> candidates = FixCandidates.of(spec, findings);
    List<Long> seedList = new ArrayList<>();
    for (int k = 0; k < seeds; k++) seedList.add(spec.seed() + k);
    List<Comparer.Job> jobList = new ArrayList<>();
    if (!candidates.isEmpty()) // the original on its other seeds, for the before medians
    for (long seed : seedList.subList(1, seeds))
        jobList.add(new Comparer.Job(spec.withSeed(seed), specSha256, List.of()));
    for (FixCandidates.Candidate c : candidates)
      for (long seed : seedList)
        jobList.add(new Comparer.Job(c.patched().spec().withSeed(seed), specSha256, List.of()));
    List<JudgedRun> runs =
        Comparer.run(jobList, options, gate, jobs, progress.apply(jobList.size()));

    int others = candidates.isEmpty() ? 0 : seeds - 1;
    List<JudgedRun> before = new ArrayList<>(List.of(original));
    before.addAll(runs.subList(0, others));
    List<Fixes.Target> targets = targets(findings);
    List<Fixes.Candidate> tried = new ArrayList<>();
    List<NetworkSpec> specs = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      List<JudgedRun> seedRuns = runs.subList(others + i * seeds, others + (i + 1) * seeds);
      if (seedRuns.stream().anyMatch(r -> r == null || r.result().interrupted())) continue;
      tried.add(candidate(candidates.get(i), targets, seedRuns));
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
    boolean beforeComplete = before.stream().allMatch(r -> r != null);
    Fixes fixes =
        new Fixes(
            RULE,
            List.copyOf(seedList),
            outcome(beforeComplete ? before : List.of(original)),
            List.copyOf(tried),
            best < 0 ? null : tried.get(best).fix(),
            notCured,
            null);
    return new Result(fixes, best < 0 ? null : specs.get(best));
  }

  private static Fixes.Candidate candidate(
      FixCandidates.Candidate c, List<Fixes.Target> targets, List<JudgedRun> seedRuns) {
    List<Fixes.Target> cured = new ArrayList<>();
    List<Fixes.Target> remaining = new ArrayList<>();
    for (Fixes.Target t : targets) {
      String layer = c.patched().nameOf(t.layer());
      boolean still =
          seedRuns.stream()
              .flatMap(run -> targets(run.result().findings()).stream())
              .anyMatch(a -> a.code().equals(t.code()) && a.layer().equals(layer));
      (still ? remaining : cured).add(t);
    }
    List<Fixes.Target> fresh =
        seedRuns.stream()
            .flatMap(run -> targets(run.result().findings()).stream())
            .filter(
                a ->
                    targets.stream()
                        .noneMatch(
                            t ->
                                t.code().equals(a.code())
                                    && c.patched().nameOf(t.layer()).equals(a.layer())))
            .distinct()
            .toList();
    return new Fixes.Candidate(
        c.fix().id(),
        c.fix().change(),
        c.proposedFor(),
        outcome(seedRuns),
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

  /** One run's outcome, or over seeds: the worst verdict, the medians and each seed's run. */
  private static Fixes.Outcome outcome(List<JudgedRun> runs) {
    if (runs.size() == 1) return outcome(runs.get(0).report());
    List<Fixes.Outcome> perSeed = runs.stream().map(r -> outcome(r.report())).toList();
    String status =
        perSeed.stream().map(Fixes.Outcome::status).max(FixTrials::severity).orElseThrow();
    return new Fixes.Outcome(
        status,
        median(perSeed.stream().map(Fixes.Outcome::signalRatio).toList()),
        median(perSeed.stream().map(Fixes.Outcome::testAccuracy).toList()),
        perSeed);
  }

  /** pass, then interrupted, then fail: the verdict of several seeds is the worst of them. */
  private static int severity(String a, String b) {
    List<String> order = List.of("pass", "interrupted", "fail");
    return Integer.compare(order.indexOf(a), order.indexOf(b));
  }

  /** The median of the known values, or null when none is known. */
  private static Double median(List<Double> values) {
    double[] known = values.stream().filter(v -> v != null).mapToDouble(v -> v).toArray();
    return known.length == 0 ? null : Numbers.median(known);
  }

  private static Fixes.Outcome outcome(Report r) {
    return new Fixes.Outcome(
        r.status(),
        r.signalRatio() == null ? null : r.signalRatio().median(),
        r.training() == null ? null : r.training().testAccuracy());
  }
}
