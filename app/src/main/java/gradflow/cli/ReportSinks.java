package gradflow.cli;

import gradflow.app.RunSink;
import gradflow.report.Charts;
import gradflow.report.HtmlReport;
import gradflow.report.ReportJson;
import gradflow.report.TextReport;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The sinks that write a run's finished report: --json, --html, --plots and the text table. Each
 * failure to write is a user error that names the option and the path. Charts load AWT and XChart
 * only when one of them is asked for: a plain analyze pays nothing for them.
 */
final class ReportSinks {
  private ReportSinks() {}

  /** {@code --json FILE|-}: the report, pretty, to the file or to {@code stdout}. */
  static RunSink json(String where, PrintStream stdout) {
    return RunSink.ofReport(r -> OutputPaths.json(where, ReportJson.pretty(r), stdout));
  }

  /** {@code --html FILE}: the self-contained page. */
  static RunSink html(Path file) {
    return RunSink.ofReport(r -> OutputPaths.write("--html", file, HtmlReport.render(r)));
  }

  /** {@code --plots DIR}: every chart as PNG and SVG, all of them or none. */
  static RunSink plots(Path dir) {
    return RunSink.ofReport(
        r -> OutputPaths.writeInto("--plots", dir, () -> Charts.writeAll(r, dir)));
  }

  /** The per-layer table and findings to {@code table}, or with -q one line each on {@code err}. */
  static RunSink text(boolean quiet, PrintStream table, PrintStream err) {
    return RunSink.ofReport(
        r -> {
          if (!quiet) table.print(TextReport.render(r));
          else err.print(TextReport.brief(r));
        });
  }
}
