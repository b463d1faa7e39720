package gradflow.report;

import gradflow.probe.LayerStat;
import gradflow.probe.Numbers;
import java.util.List;
import java.util.Locale;

/** The report as a terminal-sized text: run summary, per-layer table, findings, verdict. */
public final class TextReport {
  private TextReport() {}

  public static String render(Report r) {
    StringBuilder out = new StringBuilder();
    Report.Training t = r.training();
    out.append(
        String.format(
            Locale.ROOT,
            "gradflow: %s  (%s, seed %d)%n",
            r.name(),
            r.training().data(),
            r.provenance().seed()));
    out.append(
        String.format(
            Locale.ROOT,
            "trained %d of %d steps, batch %d; final loss %s, batch accuracy %s%s%n",
            t.stepsRun(),
            t.stepsPlanned(),
            t.batch(),
            fmt(t.finalLoss()),
            pct(t.finalAccuracy()),
            t.testAccuracy() == null ? "" : ", test accuracy " + pct(t.testAccuracy())));
    if (r.nonFinite() != null)
      out.append(
          String.format(
              "stopped: NaN/Inf at step %d in the %s of %s%n",
              r.nonFinite().step(), r.nonFinite().where(), r.nonFinite().layer()));
    if ("interrupted".equals(r.status()))
      out.append(
          String.format(
              "interrupted at step %d of %d: the findings judge the steps done%n",
              t.stepsRun(), t.stepsPlanned()));
    out.append('\n');
    StringBuilder header =
        new StringBuilder(
            String.format("%3s %-13s %-9s %-10s %6s", "#", "layer", "type", "activation", "units"));
    for (LayerColumns.Column c : LayerColumns.ALL)
      header.append(String.format(" %" + c.width() + "s", c.text()));
    out.append(header).append(String.format("%n"));
    for (Report.LayerSummary l : r.layers()) {
      String units = l.pieces() > 1 ? l.units() + "x" + l.pieces() : String.valueOf(l.units());
      if (l.last(LayerStat.ROUTED_SHARE) != null) {
        out.append(
            String.format(
                "%3d %-13s %-9s %-10s %6s   gradient routed to %s of its inputs; %s of windows tied%n",
                l.index(),
                l.name(),
                l.type(),
                "-",
                units,
                pct(l.last(LayerStat.ROUTED_SHARE)),
                pct(l.last(LayerStat.TIED_WINDOW_SHARE))));
        continue;
      }
      StringBuilder row =
          new StringBuilder(
              String.format(
                  "%3d %-13s %-9s %-10s %6s",
                  l.index(),
                  l.name(),
                  l.type(),
                  l.activation() == null ? "-" : l.activation(),
                  units));
      for (LayerColumns.Column c : LayerColumns.ALL)
        row.append(String.format(" %" + c.width() + "s", c.format(r, l)));
      out.append(row).append(String.format("%n"));
    }
    out.append(
        "  (medians over the logged steps; dz = backpropagated signal dL/dz; dead/frozen/sat: last window;\n"
            + "   w-fac x f'-fac = dz over the next layer's dz: the weights above vs this layer's f'(z))\n");
    Report.SignalRatio s = r.signalRatio();
    out.append(
        String.format(
            "signal ratio first/last layer: median %s, min %s, final %s%n",
            fmt(s.median()), fmt(s.min()), fmt(s.finalRatio())));
    for (Report.LayerSummary l : r.layers())
      if (l.pieceWinCount() != null) out.append(winSummary(l));
    out.append('\n');
    List<Report.FindingEntry> findings = r.findings();
    if (findings.isEmpty()) out.append("no findings\n");
    for (Report.FindingEntry f : findings) {
      out.append(finding(f));
      out.append("      fix: ").append(f.remedy()).append('\n');
    }
    out.append(baseline(r));
    out.append(FixesText.render(r));
    out.append('\n').append(verdict(r));
    return out.toString();
  }

  /**
   * What {@code -q} keeps: one line per finding and the verdict, so a CI log still says why the
   * gate failed.
   */
  public static String brief(Report r) {
    StringBuilder out = new StringBuilder();
    for (Report.FindingEntry f : r.findings()) out.append(finding(f));
    return out.append(baseline(r)).append(FixesText.brief(r)).append(verdict(r)).toString();
  }

  private static String finding(Report.FindingEntry f) {
    return String.format(
        "%-5s %s  %s: %s%n",
        f.severity().toUpperCase(Locale.ROOT), f.code(), f.layer(), f.message());
  }

  /** "verdict: FAIL (fail on: error)", with the regressions against a baseline. */
  public static String verdict(Report r) {
    long regressions = r.baseline() == null ? 0 : r.baseline().regressionCount(r.failOn());
    return String.format(
        "verdict: %s (fail on: %s%s)%n",
        r.status().toUpperCase(Locale.ROOT),
        r.failOn(),
        r.baseline() == null
            ? ""
            : String.format(
                "; %d regression%s against %s",
                regressions, regressions == 1 ? "" : "s", r.baseline().file()));
  }

  /**
   * With a baseline: each new finding (REGRESSION when it fails the gate), known and fixed, and the
   * ratios.
   */
  private static String baseline(Report r) {
    Report.BaselineDiff b = r.baseline();
    if (b == null) return "";
    StringBuilder out = new StringBuilder();
    out.append(String.format("%nbaseline %s: %s%n", b.file(), b.counts(r.failOn())));
    out.append(lines(b, r.failOn()));
    return out.toString();
  }

  /**
   * Each new finding (REGRESSION when it fails the gate), each known and each fixed one, then each
   * ratio against the baseline's (REGRESSION when further from 1 by more than the tolerance).
   */
  static String lines(Report.BaselineDiff b, String failOn) {
    StringBuilder out = new StringBuilder();
    List<Report.BaselineFinding> regressions = b.regressions(failOn);
    for (Report.BaselineFinding f : b.fresh())
      out.append(line(regressions.contains(f) ? "REGRESSION" : "new", f));
    for (Report.BaselineFinding f : b.known()) out.append(line("known", f));
    for (Report.BaselineFinding f : b.fixed()) out.append(line("fixed", f));
    List<Report.RatioChange> ratioRegressions = b.ratioRegressions(failOn);
    for (Report.RatioChange c : b.ratios())
      out.append(
          ratioLine(ratioRegressions.contains(c) ? "REGRESSION" : "ratio", c, b.tolerance()));
    return out.toString();
  }

  /** One ratio against the baseline's, as the text and JUnit tell it. */
  public static String ratioLine(String what, Report.RatioChange c, double tolerance) {
    if (c.baseline() == null || c.current() == null)
      return String.format(
          "  %-10s %s  not compared (%s has none)%n",
          what, c.ratio(), c.baseline() == null ? "the baseline" : "this run");
    String change =
        c.worseBy() == null
            ? "infinitely further from 1" // a ratio fell to 0: no signal reaches the input side
            : Numbers.format(c.worseBy()) + " times as far from 1";
    return String.format(
        "  %-10s %s  %s -> %s: %s (tolerance %s)%n",
        what,
        c.ratio(),
        Numbers.format(c.baseline()),
        Numbers.format(c.current()),
        change,
        Numbers.format(tolerance));
  }

  private static String line(String what, Report.BaselineFinding f) {
    return String.format("  %-10s %s  %s (%s)%n", what, f.code(), f.layer(), f.severity());
  }

  /** One line per Maxout layer, plus the first units' counts. */
  private static String winSummary(Report.LayerSummary l) {
    StringBuilder out = new StringBuilder();
    long[][] wins = l.pieceWinCount();
    out.append(String.format("%s piece wins per unit (ties to the lowest piece):%n", l.name()));
    int shown = Math.min(wins.length, 8);
    for (int u = 0; u < shown; u++) {
      long total = 0;
      long top = 0;
      StringBuilder counts = new StringBuilder();
      for (long w : wins[u]) {
        total += w;
        top = Math.max(top, w);
        counts.append(String.format("%8d", w));
      }
      out.append(
          String.format(
              "  unit %3d %s   top share %s%n",
              u, counts, total == 0 ? "-" : pct((double) top / total)));
    }
    if (wins.length > shown)
      out.append(String.format("  ... %d more units in the JSON report%n", wins.length - shown));
    return out.toString();
  }

  static String fmt(Double x) {
    if (x == null) return "-";
    double a = Math.abs(x);
    if (a != 0 && (a < 1e-2 || a >= 1e4)) return String.format(Locale.ROOT, "%.2e", x);
    return String.format(Locale.ROOT, "%.3f", x);
  }

  static String pct(Double x) {
    return x == null ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * x);
  }
}
