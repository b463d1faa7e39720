package gradflow.cli;

import gradflow.probe.Checks;
import gradflow.probe.Severity;
import gradflow.text.DidYouMean;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** How findings decide the exit code, shared by every command that judges runs. */
final class GateOptions {
  @Option(
      names = "--fail-on",
      paramLabel = "LEVEL",
      defaultValue = "error",
      description =
          "info|warn|error|never: exit 1 when a finding is at or above LEVEL (default: ${DEFAULT-VALUE})")
  String failOn;

  @Option(
      names = "--disable",
      paramLabel = "CODE",
      split = ",",
      description =
          "do not run the check with this finding code (repeatable or comma-separated);"
              + " gradflow checks lists the codes")
  List<String> disable = new ArrayList<>();

  /** The lowest severity that fails the gate, or null for never. */
  Severity failOn() {
    return switch (failOn) {
      case "info" -> Severity.INFO;
      case "warn" -> Severity.WARN;
      case "error" -> Severity.ERROR;
      case "never" -> null;
      default ->
          throw new UserError(
              "--fail-on must be one of info, warn, error, never; found '" + failOn + "'");
    };
  }

  /** The codes of the checks not to run, each a known code. */
  List<String> disabledChecks() {
    List<String> codes = Checks.codes();
    List<String> disabled = new ArrayList<>();
    for (String code : disable) {
      if (!codes.contains(code)) {
        throw new UserError(
            "--disable: unknown finding code '"
                + code
                + "'"
                + DidYouMean.suggestion(code, codes)
                + "; gradflow checks lists them");
      }
      if (!disabled.contains(code)) disabled.add(code);
    }
    return List.copyOf(disabled);
  }
}
