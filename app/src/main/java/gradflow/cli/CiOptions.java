package gradflow.cli;

import gradflow.app.Version;
import gradflow.report.AtomicFiles;
import gradflow.report.ci.Judged;
import gradflow.report.ci.JunitXml;
import gradflow.report.ci.MarkdownSummary;
import gradflow.report.ci.SarifLog;
import gradflow.report.ci.SpecLocations;
import gradflow.report.ci.WorkflowAnnotations;
import gradflow.spec.NetworkSpec;
import gradflow.spec.SpecPosition;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The outputs a CI job reads: {@code --junit}, {@code --sarif}, {@code --summary} and workflow
 * annotations; shared by analyze, compare and judge. Each is written once the runs are judged.
 *
 * <p>{@code --summary FILE} is written atomically (a new file replaces the old), except when FILE
 * is {@code $GITHUB_STEP_SUMMARY}: GitHub gives each step that file to append to, so gradflow
 * appends there, as every other step does.
 */
final class CiOptions {
  @Option(
      names = "--junit",
      paramLabel = "FILE",
      description =
          "write JUnit XML (Jenkins, GitLab): one test suite per run (compare: per variant), one"
              + " test case per check and layer, a failure for each finding that fails the gate")
  Path junit;

  @Option(
      names = "--sarif",
      paramLabel = "FILE",
      description =
          "write SARIF 2.1.0 (GitHub code scanning): the checks as rules, each finding a result at"
              + " its layer's line and column in the spec (judge: in the steps file)")
  Path sarif;

  @Option(
      names = "--summary",
      paramLabel = "FILE",
      description =
          "write a markdown summary (verdict, findings with remedies, the per-layer table);"
              + " appended when FILE is $GITHUB_STEP_SUMMARY, else written whole")
  Path summary;

  @Option(
      names = "--annotations",
      paramLabel = "github|none",
      description =
          "print GitHub workflow annotations (::error file=...,line=...::) on stderr, one per"
              + " finding; default: github when GITHUB_ACTIONS=true, else none")
  String annotations;

  /** Refuses an --annotations value other than github or none. */
  void check() {
    if (annotations != null && !annotations.equals("github") && !annotations.equals("none"))
      throw new UserError("--annotations must be github or none, found '" + annotations + "'");
  }

  /** The files asked for, as outputs of {@code plan}. */
  OutputPlan addTo(OutputPlan plan) {
    return plan.file("--junit", junit).file("--sarif", sarif).file("--summary", summary);
  }

  /** True when any CI output is asked for here, or implied by the environment. */
  boolean asked(Map<String, String> env) {
    return junit != null
        || sarif != null
        || summary != null
        || WorkflowAnnotations.wanted(annotations, env);
  }

  /** Writes every CI output asked for about {@code runs}; annotations go to {@code err}. */
  void write(List<Judged> runs, Map<String, String> env, PrintStream err) {
    if (junit != null) OutputPaths.write("--junit", junit, JunitXml.render(runs));
    if (sarif != null) OutputPaths.write("--sarif", sarif, SarifLog.render(runs, Version.VALUE));
    if (summary != null) writeSummary(MarkdownSummary.render(runs), env);
    if (WorkflowAnnotations.wanted(annotations, env)) {
      err.print(WorkflowAnnotations.render(runs));
      err.flush();
    }
  }

  private void writeSummary(String markdown, Map<String, String> env) {
    if (!isStepSummary(summary, env.get("GITHUB_STEP_SUMMARY"))) {
      OutputPaths.write("--summary", summary, markdown);
      return;
    }
    try {
      Files.write(
          summary,
          markdown.getBytes(StandardCharsets.UTF_8),
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND,
          StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UserError("cannot append to --summary " + summary + ": " + OutputPaths.reason(e));
    }
  }

  /** True when {@code file} is the file GitHub named in $GITHUB_STEP_SUMMARY. */
  static boolean isStepSummary(Path file, String stepSummary) {
    if (stepSummary == null || stepSummary.isEmpty()) return false;
    try {
      return AtomicFiles.target(file).equals(AtomicFiles.target(Path.of(stepSummary)));
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** What a CI output needs of a run of {@code spec} read from {@code file}. */
  static SpecLocations locations(NetworkSpec spec, Path file) {
    Map<String, int[]> layers = new LinkedHashMap<>();
    for (Map.Entry<String, SpecPosition> e : spec.layerPositions().entrySet())
      layers.put(e.getKey(), new int[] {e.getValue().line(), e.getValue().column()});
    boolean named = file != null && !file.toString().equals("-"); // "-": read from stdin
    return new SpecLocations(named ? file.toString() : null, named ? layers : Map.of());
  }
}
