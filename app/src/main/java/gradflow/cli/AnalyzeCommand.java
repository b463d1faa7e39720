package gradflow.cli;

import gradflow.app.AnalyzeOptions;
import gradflow.app.Analyzer;
import gradflow.probe.Severity;
import gradflow.report.Charts;
import gradflow.report.HtmlReport;
import gradflow.report.Report;
import gradflow.report.ReportJson;
import gradflow.report.TextReport;
import gradflow.spec.NetworkSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code gradflow analyze SPEC}: train, measure, judge, report. */
@Command(
    name = "analyze",
    header = "Train a network and diagnose where its gradient goes.",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description = {
      "Train the spec's network, record per-layer gradient statistics and report",
      "what is wrong: a per-layer table and the findings. --json/--jsonl write",
      "machine-readable reports, --html a self-contained page with charts, --plots",
      "the charts as PNG and SVG, --tensorboard an event file for TensorBoard."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:no finding at or above --fail-on",
      "1:the gate failed",
      "2:bad input, or out of memory",
      "3:internal error",
      "130:interrupted (SIGINT): the reports cover the steps done",
      "143:terminated (SIGTERM): as 130",
      "141:stdout closed by its reader"
    })
final class AnalyzeCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Mixin SpecOptions specOptions;
  @Mixin RunOptions runOptions;
  @Mixin TrainingOptions training;
  @Mixin GateOptions gateOptions;

  @Option(
      names = "--json",
      paramLabel = "FILE|-",
      description =
          "write the full report (schema gradflow.report/1) to FILE, or to stdout with '-'")
  String json;

  @Option(
      names = "--jsonl",
      paramLabel = "FILE|-",
      description =
          "stream one JSON line per logged step to FILE (written as FILE.partial-<random>, renamed at the end; kept there if the run fails) or stdout")
  String jsonl;

  @Option(
      names = {"-q", "--quiet"},
      description =
          "no table and no progress line: only one line per finding and the verdict, on stderr")
  boolean quiet;

  @Option(
      names = "--dump-step",
      paramLabel = "N",
      defaultValue = "-1",
      description =
          "dump step N's batch, weights and gradients as .npy files (0-based, before its update)")
  int dumpStep;

  @Option(names = "--dump-dir", paramLabel = "DIR", description = "folder for --dump-step")
  Path dumpDir;

  @Option(
      names = "--tensorboard",
      paramLabel = "DIR",
      description =
          "write a TensorBoard event file (events.out.tfevents.*) to DIR, created if missing:"
              + " per-layer scalars, loss, accuracy, and histograms of each parameter's weights and"
              + " gradients at every logged step; streamed while training (tensorboard --logdir DIR)")
  Path tensorboard;

  @Mixin PictureOptions pictures;

  @Override
  public Integer call() throws IOException {
    PrintStream out = main.out();
    PrintStream err = main.err();
    Severity gate = gateOptions.failOn();
    List<String> disabled = gateOptions.disabledChecks();
    if ("-".equals(json) && "-".equals(jsonl))
      throw new UserError("--json - and --jsonl - cannot both write to stdout; send one to a file");
    if (dumpStep >= 0 && dumpDir == null) throw new UserError("--dump-step needs --dump-dir DIR");
    if (dumpStep < -1) throw new UserError("--dump-step must be 0 or more, found " + dumpStep);
    NetworkSpec spec =
        gateOptions.apply(
            training.apply(runOptions.apply(specOptions.loadIgnoringSweep(err), specOptions.spec)));
    if (dumpStep >= spec.train().steps())
      throw new UserError(
          "--dump-step "
              + dumpStep
              + " is beyond the last step ("
              + (spec.train().steps() - 1)
              + ")");
    checkOutputs(spec);

    boolean stdoutIsData = "-".equals(json) || "-".equals(jsonl);
    boolean progress = !quiet && Boolean.getBoolean("gradflow.stderrTty");
    Report report;
    try (StepLines lines = StepLines.open(jsonl, out, err)) {
      AnalyzeOptions options =
          new AnalyzeOptions(gate, jsonl, dumpStep, dumpDir, progress, tensorboard)
              .withDisabledChecks(disabled)
              .stoppingOn(main.interrupts());
      main.interrupts().cooperate();
      report =
          Analyzer.analyze(
              spec, specOptions.sha256(), options, lines == null ? null : lines::write, err);
      if ("interrupted".equals(report.status())) main.interrupts().announce(report, lines, err);
      else if (lines != null) lines.commit();
    }
    if (json != null) OutputPaths.json(json, ReportJson.pretty(report), out);
    // Charts load AWT and XChart only when asked for: a plain analyze pays nothing for them.
    if (pictures.html != null)
      OutputPaths.write("--html", pictures.html, HtmlReport.render(report));
    if (pictures.plots != null)
      OutputPaths.writeInto(
          "--plots", pictures.plots, () -> Charts.writeAll(report, pictures.plots));
    if (!quiet) (stdoutIsData ? err : out).print(TextReport.render(report));
    else err.print(TextReport.brief(report));
    if (main.interrupts().signal() != null) return main.interrupts().signal().exitCode;
    return "fail".equals(report.status()) ? ExitCodes.FINDINGS : ExitCodes.OK;
  }

  /** Every file and folder asked for, once the spec is known to be good, before training. */
  private void checkOutputs(NetworkSpec spec) {
    OutputPlan plan =
        new OutputPlan()
            .readsSpec(specOptions.spec)
            .readsData(spec)
            .fileOrStdout("--json", json)
            .fileOrStdout("--jsonl", jsonl)
            .folder("--tensorboard", tensorboard)
            .folder("--dump-dir", dumpDir);
    pictures.addTo(plan).check();
  }
}
