package gradflow.report;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The --try-fixes section of the text report: each candidate, the best one, what stayed uncured.
 */
final class FixesText {
  private FixesText() {}

  static String render(Report r) {
    Fixes f = r.fixes();
    if (f == null) return "";
    StringBuilder out = new StringBuilder("\n");
    if (f.candidates().isEmpty() && f.notCured().isEmpty())
      return out.append("fixes: nothing to try, no error or warning finding\n").toString();
    out.append(
        String.format(
            "fixes tried, each with %s and %d steps (the verdict stays this run's); before: %s%n",
            seeds(f), r.training().stepsPlanned(), numbers(f.before())));
    for (Fixes.Candidate c : f.candidates()) {
      out.append(String.format("  %s%s: %s%n", c.best() ? "* " : "", c.fix(), c.change()));
      out.append("      cured: ").append(targets(c.cured()));
      out.append("; still: ").append(targets(c.remaining()));
      out.append("; new: ").append(targets(c.fresh())).append('\n');
      out.append("      ").append(numbers(c.outcome())).append('\n');
      for (int k = 0; k < c.outcome().perSeed().size(); k++)
        out.append(String.format("        %s%n", seedRun(f, c, k)));
    }
    if (f.candidates().isEmpty()) out.append("  no candidate fix applies to these findings\n");
    out.append(best(f));
    if (!f.notCured().isEmpty())
      out.append("not cured by any candidate: ").append(targets(f.notCured())).append('\n');
    if (f.written() != null) out.append("fixed spec written to ").append(f.written()).append('\n');
    return out.toString();
  }

  /** One line for -q: the best candidate and its numbers, or that none cured a finding. */
  static String brief(Report r) {
    Fixes f = r.fixes();
    if (f == null) return "";
    Fixes.Candidate best =
        f.candidates().stream().filter(Fixes.Candidate::best).findFirst().orElse(null);
    if (best == null) return best(f);
    return String.format(
        "best fix: %s (cured: %s; %s)%n",
        best.fix(), targets(best.cured()), numbers(best.outcome()));
  }

  private static String best(Fixes f) {
    if (f.best() != null) return "best (*): " + f.best() + ", by the rule: " + f.rule() + "\n";
    if (f.candidates().isEmpty()) return "";
    return "best: none; no candidate cured a finding without adding a new one\n";
  }

  /** "seed 42", or "seeds 42-44 (cured means gone on every seed; medians)". */
  static String seeds(Fixes f) {
    List<Long> s = f.seeds();
    if (s.size() == 1) return "seed " + s.get(0);
    return String.format(
        "seeds %d-%d (cured: gone on every seed; worst verdict and medians)",
        s.get(0), s.get(s.size() - 1));
  }

  /** Each seed's run of a candidate, after a "; ", or "" for one seed. */
  static String perSeed(Fixes f, Fixes.Candidate c) {
    StringBuilder out = new StringBuilder();
    for (int k = 0; k < c.outcome().perSeed().size(); k++)
      out.append("; ").append(seedRun(f, c, k));
    return out.toString();
  }

  private static String seedRun(Fixes f, Fixes.Candidate c, int k) {
    return "seed " + f.seeds().get(k) + ": " + numbers(c.outcome().perSeed().get(k));
  }

  /** A run's verdict, median signal ratio and test accuracy. */
  static String numbers(Fixes.Outcome o) {
    return String.format(
        "%s, signal ratio %s, test accuracy %s",
        o.status(), TextReport.fmt(o.signalRatio()), TextReport.pct(o.testAccuracy()));
  }

  static String targets(List<Fixes.Target> targets) {
    if (targets.isEmpty()) return "none";
    return targets.stream().map(Fixes.Target::toString).collect(Collectors.joining(", "));
  }
}
