package gradflow.report.ci;

import gradflow.report.LayerColumns;
import gradflow.report.Report;
import java.util.List;
import java.util.Locale;

/**
 * {@code --summary FILE}: the verdict, the findings with their remedies and the per-layer table as
 * GitHub-flavoured markdown, for {@code $GITHUB_STEP_SUMMARY} or a merge-request comment.
 */
public final class MarkdownSummary {
  private MarkdownSummary() {}

  public static String render(List<Judged> runs) {
    StringBuilder out = new StringBuilder();
    for (Judged run : runs) out.append(run(run));
    return out.toString();
  }

  private static String run(Judged run) {
    Report r = run.report();
    StringBuilder out = new StringBuilder();
    String mark = "pass".equals(r.status()) ? "✅" : "fail".equals(r.status()) ? "❌" : "⚠️";
    out.append(
        String.format(
            "## %s gradflow: %s — %s%n%n",
            mark, cell(run.name()), r.status().toUpperCase(Locale.ROOT)));
    out.append(
        String.format(
            "fail on: `%s`%s; spec `%s`; %d of %d steps%n%n",
            r.failOn(),
            r.baseline() == null
                ? ""
                : String.format(
                    "; baseline `%s`: %s", r.baseline().file(), r.baseline().counts(r.failOn())),
            run.locations().file() == null ? r.name() : run.locations().file(),
            r.training().stepsRun(),
            r.training().stepsPlanned()));
    if (r.findings().isEmpty()) out.append("No findings.\n\n");
    else {
      out.append("| | severity | code | layer | finding | fix |\n");
      out.append("|---|---|---|---|---|---|\n");
      for (Report.FindingEntry f : r.findings()) {
        String state = run.fails(f) ? "❌" : r.isKnown(f.code(), f.layer()) ? "known" : "";
        out.append(
            String.format(
                "| %s | %s | `%s` | %s | %s | %s |%n",
                state,
                f.severity(),
                f.code(),
                cell(f.layer()),
                cell(f.message()),
                cell(f.remedy())));
      }
      out.append('\n');
    }
    out.append("<details><summary>per-layer gradients</summary>\n\n");
    StringBuilder header = new StringBuilder("| # | layer | type | activation | units |");
    StringBuilder rule = new StringBuilder("|---|---|---|---|---|");
    for (LayerColumns.Column c : LayerColumns.ALL) {
      header.append(' ').append(cell(c.html())).append(" |");
      rule.append("---|");
    }
    out.append(header).append('\n').append(rule).append('\n');
    for (Report.LayerSummary l : r.layers()) {
      out.append(
          String.format(
              "| %d | %s | %s | %s | %s |",
              l.index(),
              cell(l.name()),
              l.type(),
              l.activation() == null ? "-" : l.activation(),
              l.pieces() > 1 ? l.units() + "x" + l.pieces() : String.valueOf(l.units())));
      for (LayerColumns.Column c : LayerColumns.ALL)
        out.append(' ').append(c.format(r, l)).append(" |");
      out.append('\n');
    }
    out.append("\n</details>\n\n");
    return out.toString();
  }

  /** Text safe in a table cell: pipes escaped, newlines as spaces, HTML brackets escaped. */
  static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ").replace("<", "&lt;").replace(">", "&gt;");
  }
}
