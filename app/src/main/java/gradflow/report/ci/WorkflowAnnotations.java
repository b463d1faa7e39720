package gradflow.report.ci;

import gradflow.report.Report;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * GitHub Actions workflow commands, one line per finding ({@code ::error
 * file=F,line=L,col=C,title=CODE::message}), which GitHub shows on the spec's line in a pull
 * request. Written to stderr: workflow commands are read from both streams, and stdout may carry
 * the JSON report. The command is {@code error} for a finding that fails the gate, else {@code
 * warning} (warn) or {@code notice} (info, or known to the baseline).
 */
public final class WorkflowAnnotations {
  private WorkflowAnnotations() {}

  /**
   * True when annotations are to be printed: {@code --annotations github}, or {@code
   * GITHUB_ACTIONS=true} in {@code env} unless {@code --annotations none}.
   *
   * @param option the --annotations value, or null when not given
   */
  public static boolean wanted(String option, Map<String, String> env) {
    if (option != null) return option.equals("github");
    return "true".equals(env.get("GITHUB_ACTIONS"));
  }

  public static String render(List<Judged> runs) {
    StringBuilder out = new StringBuilder();
    for (Judged run : runs)
      for (Report.FindingEntry f : run.report().findings())
        out.append(line(run, f, runs.size() > 1));
    return out.toString();
  }

  private static String line(Judged run, Report.FindingEntry f, boolean named) {
    String command =
        run.fails(f)
            ? "error"
            : "warn".equals(f.severity()) && !run.report().isKnown(f.code(), f.layer())
                ? "warning"
                : "notice";
    StringBuilder props = new StringBuilder();
    SpecLocations where = run.locations();
    if (where.file() != null) props.append("file=").append(property(where.file()));
    int[] lineCol = where.of(f.layer());
    if (where.file() != null && lineCol != null)
      props.append(",line=").append(lineCol[0]).append(",col=").append(lineCol[1]);
    if (props.length() > 0) props.append(',');
    props.append("title=").append(property(f.code() + " (" + f.layer() + ")"));
    String known = run.report().isKnown(f.code(), f.layer()) ? " (known: in the baseline)" : "";
    String message =
        (named ? "[" + run.name() + "] " : "")
            + f.severity().toUpperCase(Locale.ROOT)
            + " "
            + f.layer()
            + ": "
            + f.message()
            + known
            + "\nfix: "
            + f.remedy();
    return "::" + command + " " + props + "::" + data(message) + "\n";
  }

  /** A workflow command's message: %, CR and LF escaped. */
  static String data(String s) {
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
  }

  /** A workflow command's property value: as {@link #data}, and : and , too. */
  static String property(String s) {
    return data(s).replace(":", "%3A").replace(",", "%2C");
  }
}
