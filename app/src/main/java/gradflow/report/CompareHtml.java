package gradflow.report;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A comparison as one self-contained HTML page, like {@link HtmlReport}: the groups side by side,
 * their findings with remedies, the overlaid charts of {@link CompareCharts} and the per-layer
 * table.
 */
public final class CompareHtml {
  private CompareHtml() {}

  /** {@code reports} are the variants' full reports, in the comparison's variant order. */
  public static String render(Comparison c, List<Report> reports) throws IOException {
    String title =
        "gradflow compare: "
            + c.groups().stream().map(g -> CompareTable.label(g, c.groups())).toList();
    StringBuilder h = new StringBuilder(128 * 1024);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    h.append("<title>").append(HtmlReport.esc(title)).append("</title>\n");
    h.append("<style>\n").append(HtmlReport.CSS).append("</style>\n</head>\n<body>\n");
    h.append("<h1>gradflow compare</h1>\n");
    h.append("<p><span class=\"verdict ")
        .append("fail".equals(c.status()) ? "fail" : "pass")
        .append("\">")
        .append(HtmlReport.esc(c.status().toUpperCase(Locale.ROOT)))
        .append("</span> ")
        .append(c.variants().size())
        .append(c.variants().size() == 1 ? " run" : " runs")
        .append(" in ")
        .append(c.groups().size())
        .append(c.groups().size() == 1 ? " variant" : " variants")
        .append(" (fail on: ")
        .append(HtmlReport.esc(c.failOn()))
        .append("); numbers over several seeds are median (min..max)</p>\n");
    summary(h, c);
    findings(h, c, reports);
    h.append("<h2>Charts</h2>\n");
    for (Charts.Plot p : CompareCharts.all(c, reports)) HtmlReport.figure(h, p);
    layerTable(h, c);
    h.append("<p class=\"nodata\">schema ")
        .append(HtmlReport.esc(c.schema()))
        .append(
            reports.isEmpty() ? "" : "; gradflow " + reports.get(0).provenance().gradflowVersion())
        .append("</p>\n</body>\n</html>\n");
    return h.toString();
  }

  private static void summary(StringBuilder h, Comparison c) {
    h.append("<h2>Variants</h2>\n<table>\n<tr><th>#</th><th>variant</th><th>seeds</th>")
        .append("<th>test accuracy</th><th>dL/dW first/last</th><th>signal first/last</th>")
        .append("<th>status</th><th>findings</th></tr>\n");
    for (Comparison.Group g : c.groups()) {
      h.append("<tr><td>").append(g.index() + 1).append("</td>");
      HtmlReport.cell(h, g.name(), true);
      HtmlReport.cell(h, String.join(",", g.seeds().stream().map(String::valueOf).toList()), true);
      HtmlReport.cell(h, CompareTable.stat(g.testAccuracy(), TextReport::pct), false);
      HtmlReport.cell(h, CompareTable.stat(g.gradRatio(), CompareTable::ratio), false);
      HtmlReport.cell(h, CompareTable.stat(g.signalRatio(), CompareTable::ratio), false);
      HtmlReport.cell(h, CompareTable.status(g), true);
      HtmlReport.cell(h, codes(g), true);
      h.append("</tr>\n");
    }
    h.append("</table>\n<p class=\"nodata\">dL/dW first/last: median mean |dL/dW| of the first")
        .append(" layer with weights over the last; signal first/last: the backpropagated signal")
        .append(" mean |dL/dz| at the first layer over the last.</p>\n");
  }

  private static String codes(Comparison.Group g) {
    if (g.findings().isEmpty()) return "none";
    int n = g.variants().size();
    List<String> parts = new ArrayList<>();
    for (Comparison.CodeCount cc : g.findings())
      parts.add(cc.code() + (n == 1 ? "" : " " + cc.variants() + "/" + n));
    return String.join(", ", parts);
  }

  /**
   * Per group, each distinct finding (code and layer) once, with the text of the first seed that
   * raised it and how many seeds did.
   */
  private static void findings(StringBuilder h, Comparison c, List<Report> reports) {
    h.append("<h2>Findings</h2>\n");
    for (Comparison.Group g : c.groups()) {
      h.append("<h3>")
          .append(g.index() + 1)
          .append(". ")
          .append(HtmlReport.esc(g.name()))
          .append("</h3>\n");
      Map<String, Report.FindingEntry> first = new LinkedHashMap<>();
      Map<String, Integer> seen = new LinkedHashMap<>();
      for (int v : g.variants())
        for (Report.FindingEntry f : reports.get(v).findings()) {
          String key = f.code() + "\u0000" + f.layer();
          first.putIfAbsent(key, f);
          seen.merge(key, 1, Integer::sum);
        }
      if (first.isEmpty()) {
        h.append("<p>No findings.</p>\n");
        continue;
      }
      int n = g.variants().size();
      List<Report.FindingEntry> shown = new ArrayList<>();
      for (Map.Entry<String, Report.FindingEntry> e : first.entrySet()) {
        Report.FindingEntry f = e.getValue();
        String message =
            n == 1
                ? f.message()
                : "in "
                    + seen.get(e.getKey())
                    + " of "
                    + n
                    + " seeds; seed "
                    + seedOf(g, reports, e.getKey())
                    + ": "
                    + f.message();
        shown.add(
            new Report.FindingEntry(
                f.code(),
                f.severity(),
                f.layer(),
                message,
                f.evidence(),
                f.threshold(),
                f.remedy()));
      }
      HtmlReport.findingList(h, shown);
    }
  }

  private static long seedOf(Comparison.Group g, List<Report> reports, String key) {
    for (int v : g.variants())
      for (Report.FindingEntry f : reports.get(v).findings())
        if ((f.code() + "\u0000" + f.layer()).equals(key))
          return reports.get(v).provenance().seed();
    throw new IllegalStateException(key);
  }

  /** Layers down, groups across: median (min..max) across seeds of each layer's median. */
  private static void layerTable(StringBuilder h, Comparison c) {
    TreeMap<Integer, String> layers = new TreeMap<>();
    for (Comparison.Group g : c.groups())
      for (Comparison.GroupLayer l : g.layers()) layers.putIfAbsent(l.index(), l.name());
    layerBlock(h, c, layers, "median mean |dL/dW|", Comparison.GroupLayer::meanAbsGradMedian);
    layerBlock(h, c, layers, "median mean |dL/dz|", Comparison.GroupLayer::meanAbsSignalMedian);
  }

  private static void layerBlock(
      StringBuilder h,
      Comparison c,
      TreeMap<Integer, String> layers,
      String title,
      Function<Comparison.GroupLayer, Comparison.Stat> field) {
    h.append("<h2>Layers: ")
        .append(HtmlReport.esc(title))
        .append("</h2>\n<table>\n<tr>")
        .append("<th>#</th><th>layer</th>");
    for (Comparison.Group g : c.groups())
      h.append("<th>")
          .append(g.index() + 1)
          .append(". ")
          .append(HtmlReport.esc(CompareTable.label(g, c.groups())))
          .append("</th>");
    h.append("</tr>\n");
    layers.forEach(
        (index, name) -> {
          h.append("<tr><td>").append(index).append("</td>");
          HtmlReport.cell(h, name, true);
          for (Comparison.Group g : c.groups()) {
            String text = "-";
            for (Comparison.GroupLayer l : g.layers())
              if (l.index() == index) text = CompareTable.stat(field.apply(l), CompareTable::grad);
            HtmlReport.cell(h, text, false);
          }
          h.append("</tr>\n");
        });
    h.append("</table>\n");
  }
}
