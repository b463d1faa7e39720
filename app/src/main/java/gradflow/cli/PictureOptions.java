package gradflow.cli;

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

  /** Adds both to the paths checked before anything trains, so that a bad path costs no run. */
  OutputPlan addTo(OutputPlan plan) {
    return plan.file("--html", html).folder("--plots", plots);
  }
}
