package gradflow.cli;

import gradflow.app.RunSink;
import gradflow.report.Report;
import gradflow.report.ci.Judged;
import gradflow.spec.Thresholds;
import gradflow.steps.Judge;
import gradflow.steps.StepsException;
import gradflow.steps.StepsLocations;
import gradflow.steps.StepsReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code gradflow judge FILE}: the checks and report of analyze, on statistics recorded elsewhere.
 */
@Command(
    name = "judge",
    header = "Judge step statistics recorded in your own training loop.",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description =
        "Reads a gradflow.steps/1 file (docs/steps-format.md: what analyze --jsonl writes, or"
            + " the PyTorch probe in integrations/pytorch) and runs the same checks and report as"
            + " analyze, with its CI outputs (--baseline, --junit, --sarif, --summary,"
            + " --annotations; SARIF and annotations point at each layer's first step line)."
            + " Checks whose statistics the file does not record are listed as not run.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:no finding at or above --fail-on (with --baseline: no new one)",
      "1:the gate failed (with --baseline: a regression)",
      "2:bad input (the message gives the line and the field)"
    })
final class JudgeCommand implements Callable<Integer> {
  /** A step log is a few MB; more is surely not one. */
  static final long MAX_BYTES = 1L << 30;

  @ParentCommand Main main;
  @Mixin GateOptions gateOptions;
  @Mixin PictureOptions pictures;
  @Mixin CiOptions ci;

  @Parameters(index = "0", paramLabel = "FILE", description = "the steps file (- reads stdin)")
  Path file;

  @Option(
      names = "--json",
      paramLabel = "FILE|-",
      description = "write the report (schema gradflow.report/1) to FILE, or to stdout with '-'")
  String json;

  @Option(
      names = {"-q", "--quiet"},
      description = "no table: only one line per finding and the verdict, on stderr")
  boolean quiet;

  @Override
  public Integer call() throws IOException {
    OutputPlan plan = new OutputPlan().fileOrStdout("--json", json);
    boolean stdin = file.toString().equals("-");
    if (!stdin) plan.readsSpec(file);
    plan.readsBaseline(gateOptions.baseline);
    ci.check();
    ci.addTo(pictures.addTo(plan)).check();
    byte[] bytes = read();
    String source = stdin ? "<stdin>" : file.toString();
    List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
    StepsReader.StepsRun steps;
    try {
      steps = StepsReader.read(lines, source);
    } catch (StepsException e) {
      throw new UserError(e.getMessage());
    }
    Judge.Judged judged =
        Judge.judge(
            steps,
            source,
            SpecOptions.sha256(bytes),
            gateOptions.thresholds(Thresholds.defaults()),
            gateOptions.disabledChecks(),
            gateOptions.gate());
    List<RunSink> sinks = new ArrayList<>();
    if (json != null) sinks.add(ReportSinks.json(json, main.out()));
    if (pictures.html != null) sinks.add(ReportSinks.html(pictures.html));
    if (pictures.plots != null) sinks.add(ReportSinks.plots(pictures.plots));
    if (ci.asked(main.env())) {
      List<String> layers = steps.run().layers().stream().map(l -> l.name()).toList();
      var where = StepsLocations.of(lines, stdin ? null : file.toString(), layers);
      sinks.add(
          RunSink.ofReport(
              r -> ci.write(List.of(new Judged(steps.model(), r, where)), main.env(), main.err())));
    }
    sinks.add(ReportSinks.text(quiet, "-".equals(json) ? main.err() : main.out(), main.err()));
    Report report = judged.report();
    for (RunSink sink : sinks) sink.onReport(report);
    for (String note : steps.notes()) main.err().println("note: " + note);
    for (Report.CheckNotRun c : report.checksNotRun())
      main.err().println("note: " + c.code() + " did not run: " + c.reason());
    return ExitCodes.of(List.of(judged.verdict()));
  }

  private byte[] read() {
    try (InputStream in = file.toString().equals("-") ? System.in : Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, MAX_BYTES + 1));
      if (bytes.length > MAX_BYTES)
        throw new UserError(file + ": larger than 1 GiB; a step log is a few MB");
      return bytes;
    } catch (IOException e) {
      throw new UserError("cannot read " + file + ": " + OutputPaths.reason(e));
    }
  }
}
