package gradflow.cli;

import gradflow.probe.CheckInfo;
import gradflow.probe.Checks;
import gradflow.report.ReportJson;
import gradflow.spec.Threshold;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code gradflow checks}: every finding code, its severity, meaning and thresholds. */
@Command(
    name = "checks",
    header = "List the checks: finding codes, severities, meanings and thresholds.",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description =
        "Each check emits one finding code. Switch one off with --disable CODE on analyze,"
            + " compare or judge; set its thresholds in the spec's thresholds: or with"
            + " --threshold KEY=VALUE.")
final class ChecksCommand implements Callable<Integer> {
  static final String SCHEMA = "gradflow.checks/1";

  @ParentCommand Main main;

  @Option(
      names = "--json",
      description = "print the list as JSON (schema " + SCHEMA + ") instead of text")
  boolean json;

  @Override
  public Integer call() {
    main.out().print(json ? ReportJson.pretty(asJson()) + "\n" : text());
    return ExitCodes.OK;
  }

  private static String text() {
    StringBuilder out = new StringBuilder();
    int width = Checks.codes().stream().mapToInt(String::length).max().orElse(0);
    for (CheckInfo info : Checks.all()) {
      out.append(
          String.format(
              "%-" + width + "s  %-5s  %s%n",
              info.code(),
              info.severity().label(),
              info.summary()));
      String indent = " ".repeat(width + 9);
      if (info.escalation() != null)
        out.append(indent).append("error ").append(info.escalation()).append('\n');
      for (Threshold t : info.thresholds())
        out.append(indent)
            .append(t.key())
            .append(" = ")
            .append(number(t.defaultValue()))
            .append(": ")
            .append(t.meaning())
            .append('\n');
    }
    return out.toString();
  }

  private static Map<String, Object> asJson() {
    List<Map<String, Object>> checks = new ArrayList<>();
    for (CheckInfo info : Checks.all()) {
      Map<String, Object> check = new LinkedHashMap<>();
      check.put("code", info.code());
      check.put("severity", info.severity().label());
      check.put("error_when", info.escalation());
      check.put("summary", info.summary());
      Map<String, Double> thresholds = new LinkedHashMap<>();
      for (Threshold t : info.thresholds()) thresholds.put(t.key(), t.defaultValue());
      check.put("thresholds", thresholds);
      checks.add(check);
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("schema", SCHEMA);
    root.put("checks", checks);
    return root;
  }

  private static String number(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
  }
}
