package gradflow.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The side-by-side text of a {@link Comparison}: one column per group (a variant, or the variants
 * that differ only by seed, shown as median (min..max)), one row per layer.
 */
public final class CompareTable {
  private static final int MAX_HEADER = 26;

  private CompareTable() {}

  public static String render(Comparison c) {
    List<Comparison.Group> groups = c.groups();
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "gradflow compare: %d variant%s in %d column%s; cells with several seeds are median (min..max)%n",
            c.variants().size(),
            c.variants().size() == 1 ? "" : "s",
            groups.size(),
            groups.size() == 1 ? "" : "s"));
    for (Comparison.Group g : groups)
      out.append(String.format("  [%d] %s  (seed %s)%n", g.index() + 1, g.name(), seeds(g)));
    out.append('\n');

    List<String> header = new ArrayList<>(List.of("layer"));
    for (Comparison.Group g : groups) header.add("[" + (g.index() + 1) + "] " + label(g, groups));
    TreeMap<Integer, String> layers = new TreeMap<>();
    for (Comparison.Group g : groups)
      for (Comparison.GroupLayer l : g.layers()) layers.putIfAbsent(l.index(), l.name());

    List<List<List<String>>> table = new ArrayList<>();
    List<String> sections = new ArrayList<>();
    sections.add("mean |dL/dW|, median over training");
    table.add(layerRows(groups, layers, Comparison.GroupLayer::meanAbsGradMedian));
    sections.add("mean |dL/dz|, median over training");
    table.add(layerRows(groups, layers, Comparison.GroupLayer::meanAbsSignalMedian));
    List<List<String>> summary = new ArrayList<>();
    summary.add(row("dL/dW first/last", groups, g -> stat(g.gradRatio(), CompareTable::ratio)));
    summary.add(row("signal first/last", groups, g -> stat(g.signalRatio(), CompareTable::ratio)));
    summary.add(row("test accuracy", groups, g -> stat(g.testAccuracy(), CompareTable::acc)));
    summary.add(row("status", groups, CompareTable::status));
    summary.add(row("findings", groups, CompareTable::findings));
    sections.add("summary");
    table.add(summary);

    int[] widths = widths(header, table);
    out.append(line(header, widths, true));
    for (int s = 0; s < table.size(); s++) {
      out.append(sections.get(s)).append('\n');
      for (List<String> r : table.get(s)) out.append(multiLine(r, widths));
    }
    return out.append(baseline(c)).toString();
  }

  /** With --baseline: each variant's new (REGRESSION), known and fixed findings. */
  static String baseline(Comparison c) {
    StringBuilder out = new StringBuilder();
    for (Comparison.Variant v : c.variants()) {
      Report.BaselineDiff b = v.baseline();
      if (b == null) continue;
      out.append(String.format("baseline %s, %s: %s%n", b.file(), v.name(), b.counts(c.failOn())));
      out.append(TextReport.lines(b, c.failOn()));
    }
    return out.toString();
  }

  private static List<List<String>> layerRows(
      List<Comparison.Group> groups,
      TreeMap<Integer, String> layers,
      Function<Comparison.GroupLayer, Comparison.Stat> field) {
    List<List<String>> rows = new ArrayList<>();
    layers.forEach(
        (index, name) ->
            rows.add(
                row(
                    String.format("%2d %s", index, name),
                    groups,
                    g -> {
                      for (Comparison.GroupLayer l : g.layers())
                        if (l.index() == index) return stat(field.apply(l), CompareTable::grad);
                      return "-";
                    })));
    return rows;
  }

  private static List<String> row(
      String label, List<Comparison.Group> groups, Function<Comparison.Group, String> cell) {
    List<String> r = new ArrayList<>(List.of("  " + label));
    for (Comparison.Group g : groups) r.add(cell.apply(g));
    return r;
  }

  static String stat(Comparison.Stat s, Function<Double, String> fmt) {
    if (s == null || s.median() == null) return "-";
    if (s.n() == 1) return fmt.apply(s.median());
    return fmt.apply(s.median()) + " (" + fmt.apply(s.min()) + ".." + fmt.apply(s.max()) + ")";
  }

  static String grad(Double x) {
    return x == null ? "-" : String.format(Locale.ROOT, "%.1e", x);
  }

  static String ratio(Double x) {
    if (x == null) return "-";
    double a = Math.abs(x);
    if (a != 0 && (a < 1e-2 || a >= 1e3)) return String.format(Locale.ROOT, "%.1e", x);
    return String.format(Locale.ROOT, a >= 10 ? "%.0f" : a >= 1 ? "%.2f" : "%.3f", x);
  }

  static String acc(Double x) {
    return x == null ? "-" : String.format(Locale.ROOT, "%.3f", x);
  }

  /**
   * A short column header: the words of the group's name that not every group shares, with the key
   * dropped from activation= and init= (their values name themselves).
   */
  static String label(Comparison.Group g, List<Comparison.Group> groups) {
    List<String> words = new ArrayList<>();
    for (String w : g.name().split(" ")) {
      boolean everywhere = groups.stream().allMatch(o -> List.of(o.name().split(" ")).contains(w));
      if (everywhere && groups.size() > 1) continue;
      words.add(w.replaceFirst("^(activation|init)=", ""));
    }
    return words.isEmpty() ? g.name() : String.join(" ", words);
  }

  private static String seeds(Comparison.Group g) {
    List<String> s = g.seeds().stream().map(String::valueOf).toList();
    return String.join(",", s);
  }

  /**
   * What {@code -q} keeps: one line per variant with its status and finding codes, and the verdict.
   */
  public static String brief(Comparison c) {
    StringBuilder out = new StringBuilder();
    for (Comparison.Variant v : c.variants()) {
      List<String> codes = new ArrayList<>();
      for (Comparison.FindingRef f : v.findings())
        codes.add(f.severity() + " " + f.code() + " " + f.layer());
      out.append(v.name())
          .append(": ")
          .append(v.status())
          .append(codes.isEmpty() ? "" : " (" + String.join(", ", codes) + ")")
          .append('\n');
    }
    return out.append(baseline(c))
        .append("verdict: ")
        .append(c.status().toUpperCase(java.util.Locale.ROOT))
        .append(" (fail on: ")
        .append(c.failOn())
        .append(")\n")
        .toString();
  }

  static String status(Comparison.Group g) {
    int n = g.variants().size();
    if (n == 1) return g.failed() == 0 ? "pass" : "FAIL";
    return g.failed() == 0 ? "pass" : "FAIL " + g.failed() + "/" + n;
  }

  /** One code per line, with how many of the group's seeds raised it; "-" for none. */
  private static String findings(Comparison.Group g) {
    if (g.findings().isEmpty()) return "-";
    int n = g.variants().size();
    List<String> lines = new ArrayList<>();
    for (Comparison.CodeCount c : g.findings()) {
      String mark = c.severity().equals("error") ? "!" : c.severity().equals("warn") ? "" : "?";
      lines.add(c.code() + mark + (n == 1 ? "" : " " + c.variants() + "/" + n));
    }
    return String.join("\n", lines);
  }

  private static int[] widths(List<String> header, List<List<List<String>>> table) {
    int[] w = new int[header.size()];
    for (List<List<String>> section : table)
      for (List<String> r : section)
        for (int i = 0; i < r.size(); i++)
          for (String part : r.get(i).split("\n", -1)) w[i] = Math.max(w[i], part.length());
    for (int i = 0; i < w.length; i++)
      w[i] = Math.max(w[i], Math.min(header.get(i).length(), i == 0 ? 40 : MAX_HEADER));
    return w;
  }

  private static String multiLine(List<String> r, int[] widths) {
    List<String[]> parts = new ArrayList<>();
    int height = 1;
    for (String cell : r) {
      String[] p = cell.split("\n", -1);
      parts.add(p);
      height = Math.max(height, p.length);
    }
    StringBuilder out = new StringBuilder();
    for (int k = 0; k < height; k++) {
      List<String> cells = new ArrayList<>();
      for (String[] p : parts) cells.add(k < p.length ? p[k] : "");
      out.append(line(cells, widths, false));
    }
    return out.toString();
  }

  private static String line(List<String> cells, int[] widths, boolean truncate) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String c = cells.get(i);
      if (truncate && c.length() > widths[i]) c = c.substring(0, widths[i] - 1) + "~";
      if (i > 0) out.append("  ");
      out.append(i == 0 ? pad(c, widths[i]) : padLeft(c, widths[i]));
    }
    return out.toString().stripTrailing() + "\n";
  }

  private static String pad(String s, int w) {
    return s + " ".repeat(Math.max(0, w - s.length()));
  }

  private static String padLeft(String s, int w) {
    return " ".repeat(Math.max(0, w - s.length())) + s;
  }
}
