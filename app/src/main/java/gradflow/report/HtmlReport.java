package gradflow.report;

import gradflow.probe.LayerStat;
import gradflow.probe.PieceWins;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The report as one self-contained HTML page: inline CSS, the charts of {@link Charts} as inline
 * SVG, no scripts, no fonts or images fetched from anywhere.
 */
public final class HtmlReport {
  private HtmlReport() {}

  static final String CSS =
      """
      body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;
        margin:0 auto;max-width:1100px;padding:1.5em;color:#222;background:#fff;line-height:1.4}
      h1{margin:.2em 0}h2{margin-top:1.8em;border-bottom:1px solid #ddd;padding-bottom:.2em}
      .verdict{display:inline-block;padding:.15em .6em;border-radius:4px;color:#fff;font-weight:bold}
      .pass{background:#2e7d32}.fail{background:#c62828}.interrupted{background:#ef6c00}
      dl.summary{display:grid;grid-template-columns:max-content auto;gap:.2em 1.2em}
      dl.summary dt{color:#555}dl.summary dd{margin:0}
      .finding{border-left:6px solid #999;background:#f7f7f7;margin:.6em 0;padding:.5em .8em}
      .finding.error{border-color:#c62828;background:#fdecea}
      .finding.warn{border-color:#ef8f00;background:#fff4e0}
      .finding.info{border-color:#1565c0;background:#e8f1fb}
      .sev{font-weight:bold;text-transform:uppercase;margin-right:.5em}
      .error .sev{color:#c62828}.warn .sev{color:#b36b00}.info .sev{color:#1565c0}
      .code{font-family:ui-monospace,"DejaVu Sans Mono",monospace}
      .remedy{margin-top:.3em}.remedy b{color:#2e7d32}
      figure{margin:1em 0}figcaption{color:#555;font-size:.92em;margin-top:.3em}
      figure svg{max-width:100%;height:auto;display:block}
      .nodata{color:#777;font-style:italic}
      table{border-collapse:collapse;font-size:.9em}
      th,td{border:1px solid #ddd;padding:.25em .5em;text-align:right}
      th{background:#f0f0f0}td.l{text-align:left}
      """;

  /** Renders the whole page; draws every chart of {@link Charts#all}. */
  public static String render(Report r) throws IOException {
    StringBuilder h = new StringBuilder(64 * 1024);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    h.append("<title>gradflow: ").append(esc(r.name())).append("</title>\n");
    h.append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
    h.append("<h1>gradflow: ").append(esc(r.name())).append("</h1>\n");
    h.append("<p><span class=\"verdict ")
        .append(r.status()) // pass, fail or interrupted: each has a colour
        .append("\">")
        .append(esc(r.status().toUpperCase(Locale.ROOT)))
        .append("</span> (fail on: ")
        .append(esc(r.failOn()))
        .append(")</p>\n");
    summary(h, r);
    List<Charts.Plot> plots = Charts.all(r);
    findings(h, r.findings(), plots);
    fixes(h, r.fixes());
    h.append("<h2>Charts</h2>\n");
    for (Charts.Plot p : plots) figure(h, p);
    layerTable(h, r);
    h.append("<p class=\"nodata\">schema ")
        .append(esc(r.schema()))
        .append("; gradflow ")
        .append(esc(r.provenance().gradflowVersion()))
        .append("</p>\n</body>\n</html>\n");
    return h.toString();
  }

  private static void summary(StringBuilder h, Report r) {
    Report.Training t = r.training();
    h.append("<h2>Run</h2>\n<dl class=\"summary\">\n");
    row(h, "spec", r.provenance().specFile() + " (seed " + r.provenance().seed() + ")");
    row(h, "data", t.data());
    row(
        h,
        "training",
        String.format(
            Locale.ROOT,
            "%d of %d steps, batch %d, logged every %d",
            t.stepsRun(),
            t.stepsPlanned(),
            t.batch(),
            t.logEvery()));
    row(h, "final loss", TextReport.fmt(t.finalLoss()));
    row(h, "batch accuracy", TextReport.pct(t.finalAccuracy()));
    if (t.testAccuracy() != null) row(h, "test accuracy", TextReport.pct(t.testAccuracy()));
    Report.SignalRatio s = r.signalRatio();
    if (s != null)
      row(
          h,
          "signal ratio first/last",
          "median " + TextReport.fmt(s.median()) + ", final " + TextReport.fmt(s.finalRatio()));
    if (r.nonFinite() != null)
      row(
          h,
          "stopped",
          "NaN/Inf at step "
              + r.nonFinite().step()
              + " in the "
              + r.nonFinite().where()
              + " of "
              + r.nonFinite().layer());
    h.append("</dl>\n");
  }

  static void row(StringBuilder h, String key, String value) {
    h.append("<dt>")
        .append(esc(key))
        .append("</dt><dd>")
        .append(esc(value == null ? "-" : value))
        .append("</dd>\n");
  }

  private static void findings(
      StringBuilder h, List<Report.FindingEntry> findings, List<Charts.Plot> plots) {
    h.append("<h2>Findings</h2>\n");
    if (findings.isEmpty()) h.append("<p>No findings.</p>\n");
    else findingList(h, findings, f -> chartLink(f, plots));
  }

  /** A link to the drawn chart that shows {@code f}, naming its shaded steps; null for none. */
  private static String chartLink(Report.FindingEntry f, List<Charts.Plot> plots) {
    String id = FindingCharts.chartId(f);
    for (Charts.Plot p : plots) {
      if (!p.id().equals(id) || p.chart() == null) continue;
      FindingCharts.Episode e = FindingCharts.episode(f);
      return "<div class=\"chart-link\"><a href=\"#"
          + esc(id)
          + "\">See the chart: "
          + esc(p.title())
          + "</a>"
          + (e == null ? "" : " (" + esc(FindingCharts.label(f, e)) + " shaded)")
          + "</div>";
    }
    return null;
  }

  /** Each finding as a box coloured by severity, with its message and remedy. */
  static void findingList(StringBuilder h, List<Report.FindingEntry> findings) {
    findingList(h, findings, f -> null);
  }

  /**
   * As {@link #findingList(StringBuilder, List)}, each with the HTML {@code link} gives, if any.
   */
  static void findingList(
      StringBuilder h,
      List<Report.FindingEntry> findings,
      java.util.function.Function<Report.FindingEntry, String> link) {
    for (Report.FindingEntry f : findings) {
      String sev = f.severity() == null ? "info" : f.severity().toLowerCase(Locale.ROOT);
      h.append("<div class=\"finding ").append(esc(sev)).append("\">");
      h.append("<span class=\"sev\">").append(esc(sev)).append("</span>");
      h.append("<span class=\"code\">").append(esc(f.code())).append("</span>");
      if (f.layer() != null) h.append(" &middot; ").append(esc(f.layer()));
      h.append("<div>").append(esc(f.message())).append("</div>");
      if (f.remedy() != null)
        h.append("<div class=\"remedy\"><b>Remedy:</b> ").append(esc(f.remedy())).append("</div>");
      String chart = link.apply(f);
      if (chart != null) h.append(chart);
      h.append("</div>\n");
    }
  }

  /** --try-fixes: one row per candidate, the best one marked; nothing without the option. */
  private static void fixes(StringBuilder h, Fixes f) {
    if (f == null) return;
    h.append("<h2>Fixes tried</h2>\n");
    if (f.candidates().isEmpty() && f.notCured().isEmpty()) {
      h.append("<p>Nothing to try: no error or warning finding.</p>\n");
      return;
    }
    h.append("<p>Same steps as this run, with ")
        .append(esc(FixesText.seeds(f)))
        .append("; this run had ")
        .append(esc(FixesText.numbers(f.before())))
        .append(". Best: ")
        .append(esc(f.rule()))
        .append(".</p>\n<table>\n<tr><th>fix</th><th>change</th><th>cured</th><th>still</th>")
        .append("<th>new</th><th>outcome</th></tr>\n");
    for (Fixes.Candidate c : f.candidates()) {
      h.append("<tr><td class=\"l\">")
          .append(c.best() ? "<b>" + esc(c.fix()) + "</b> (best)" : esc(c.fix()));
      for (String cell :
          List.of(
              c.change(),
              FixesText.targets(c.cured()),
              FixesText.targets(c.remaining()),
              FixesText.targets(c.fresh()),
              FixesText.numbers(c.outcome()) + FixesText.perSeed(f, c)))
        h.append("</td><td class=\"l\">").append(esc(cell));
      h.append("</td></tr>\n");
    }
    h.append("</table>\n");
    if (f.best() == null)
      h.append("<p>No candidate cured a finding without adding a new one.</p>\n");
    if (!f.notCured().isEmpty())
      h.append("<p>Not cured by any candidate: ")
          .append(esc(FixesText.targets(f.notCured())))
          .append("</p>\n");
  }

  static void figure(StringBuilder h, Charts.Plot p) throws IOException {
    h.append("<figure id=\"").append(esc(p.id())).append("\">\n");
    if (p.chart() == null) {
      h.append("<p><b>")
          .append(esc(p.title()))
          .append("</b>: <span class=\"nodata\">")
          .append(esc(p.note()))
          .append("</span></p>\n");
    } else {
      h.append(inlineSvg(p.svg(), p.id())).append('\n');
    }
    h.append("<figcaption>").append(esc(p.caption())).append("</figcaption>\n</figure>\n");
  }

  private static final Pattern ID = Pattern.compile("\\bid=\"([^\"]*)\"");
  private static final Pattern REF = Pattern.compile("(url\\(#|href=\"#)([^)\"]*)");

  /**
   * An SVG document made fit to sit inside HTML: no XML prolog or DOCTYPE (whose DTD address would
   * be a network reference), no namespace declarations (the HTML parser knows SVG), and every id
   * prefixed with the chart's id so that two charts' clip paths cannot collide.
   */
  static String inlineSvg(String svg, String prefix) {
    int start = svg.indexOf("<svg");
    String s = start < 0 ? svg : svg.substring(start);
    s = s.replaceAll("\\s+xmlns(:\\w+)?=\"[^\"]*\"", "");
    Matcher m = ID.matcher(s);
    s = m.replaceAll(mr -> Matcher.quoteReplacement("id=\"" + prefix + "-" + mr.group(1) + "\""));
    m = REF.matcher(s);
    s = m.replaceAll(mr -> Matcher.quoteReplacement(mr.group(1) + prefix + "-" + mr.group(2)));
    return s.strip();
  }

  private static void layerTable(StringBuilder h, Report r) {
    h.append("<h2>Layers</h2>\n<table>\n<tr><th>#</th><th>layer</th><th>type</th>")
        .append("<th>activation</th><th>units</th>");
    for (LayerColumns.Column c : LayerColumns.ALL)
      h.append("<th>").append(c.html()).append("</th>");
    h.append("<th>notes</th></tr>\n");
    for (Report.LayerSummary l : r.layers()) {
      String units = l.pieces() > 1 ? l.units() + "x" + l.pieces() : String.valueOf(l.units());
      h.append("<tr><td>").append(l.index()).append("</td>");
      cell(h, l.name(), true);
      cell(h, l.type(), true);
      cell(h, l.activation() == null ? "-" : l.activation(), true);
      cell(h, units, false);
      for (LayerColumns.Column c : LayerColumns.ALL) cell(h, c.format(r, l), false);
      cell(h, notes(l), true);
      h.append("</tr>\n");
    }
    h.append("</table>\n<p class=\"nodata\">Medians over the logged steps; dz is the")
        .append(" backpropagated signal dL/dz; dead, frozen and saturated are for the last")
        .append(" window.</p>\n");
  }

  /** Pooling routing and the Maxout top-piece share: what the numeric columns do not show. */
  private static String notes(Report.LayerSummary l) {
    if (l.last(LayerStat.ROUTED_SHARE) != null)
      return "gradient routed to "
          + TextReport.pct(l.last(LayerStat.ROUTED_SHARE))
          + " of inputs; "
          + TextReport.pct(l.last(LayerStat.TIED_WINDOW_SHARE))
          + " of windows tied";
    long[][] wins = l.pieceWinCount();
    if (wins != null && wins.length > 0) {
      double sum = 0;
      int counted = 0;
      for (long[] unit : wins) {
        double top = PieceWins.topShare(unit);
        if (Double.isNaN(top)) continue;
        sum += top;
        counted++;
      }
      if (counted > 0)
        return "mean top-piece win share " + TextReport.pct(sum / counted) + " (heat map above)";
    }
    return "";
  }

  static void cell(StringBuilder h, String text, boolean left) {
    h.append(left ? "<td class=\"l\">" : "<td>").append(esc(text)).append("</td>");
  }

  static String esc(String s) {
    if (s == null) return "";
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
