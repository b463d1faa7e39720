package gradflow.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --html FILE} and {@code --plots DIR}, shared by analyze and compare. */
final class PictureOptions {
  @Option(
      names = "--html",
      paramLabel = "FILE",
      description =
          "write a self-contained HTML report (inline SVG charts, no network needed) to FILE")
  Path html;

  @Option(
      names = "--plots",
      paramLabel = "DIR",
      description = "write every chart as PNG and SVG into DIR, created if missing")
  Path plots;

  /** Checked before anything trains, so a bad path does not cost a run. */
  void check() {
    if (html != null && Files.isDirectory(html))
      throw new UserError("--html " + html + " is a folder; give a file name such as report.html");
    if (plots != null && Files.exists(plots) && !Files.isDirectory(plots))
      throw new UserError("--plots " + plots + " is a file; give a folder");
  }
}
