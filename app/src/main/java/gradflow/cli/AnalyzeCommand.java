package gradflow.cli;

import gradflow.app.AnalyzeOptions;
import gradflow.app.Analyzer;
import gradflow.app.Gate;
import gradflow.app.JudgedRun;
import gradflow.app.ProgressLine;
import gradflow.app.RunSink;
import gradflow.app.TensorBoardObserver;
import gradflow.report.ci.Judged;
import gradflow.spec.NetworkSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
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
      "the charts as PNG and SVG, --tensorboard an event file for TensorBoard.",
      "For CI: --baseline fails only on findings an earlier report did not have",
      "(regressions); --junit, --sarif and --summary write JUnit XML, SARIF 2.1.0",
      "and markdown; on GitHub (GITHUB_ACTIONS=true) or with --annotations github,",
      "each finding is also a workflow annotation on stderr at its spec line:",
      "  gradflow analyze net.yaml --baseline main.json --sarif gradflow.sarif"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:no finding at or above --fail-on (with --baseline: no new one)",
      "1:the gate failed (with --baseline: a regression)",
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
  @Mixin OutputOptions outputs;
  @Mixin PictureOptions pictures;
  @Mixin DumpOptions dump;
  @Mixin CiOptions ci;

  @Option(
      names = "--jsonl",
      paramLabel = "FILE|-",
      description =
          "stream the step statistics (gradflow.steps/1: a header, one JSON line per logged step,"
              + " a footer; gradflow judge reads it) to FILE (written as FILE.partial-<random>,"
              + " renamed at the end; kept there if the run fails) or stdout")
  String jsonl;

  @Override
  public Integer call() throws IOException {
    PrintStream out = main.out();
    PrintStream err = main.err();
    Gate gate = gateOptions.gate();
    AnalyzeOptions options = new AnalyzeOptions(gateOptions.disabledChecks(), main.interrupts());
    if (outputs.jsonToStdout() && "-".equals(jsonl))
      throw new UserError("--json - and --jsonl - cannot both write to stdout; send one to a file");
    dump.check();
    ci.check();
    NetworkSpec spec =
        gateOptions.apply(
            training.apply(runOptions.apply(specOptions.loadIgnoringSweep(err), specOptions.spec)));
    dump.check(spec, "");
    checkOutputs(spec);

    StepLines lines = StepLines.open(jsonl, spec.name(), out, err);
    main.interrupts().cooperate();
    JudgedRun run =
        Analyzer.run(spec, specOptions.sha256(), options, gate, sinks(spec, lines, out, err));
    if (main.interrupts().signal() != null) return main.interrupts().signal().exitCode;
    return ExitCodes.of(List.of(run.verdict()));
  }

  /**
   * The outputs asked for, in the order they act: the progress line is erased before any warning,
   * the interruption notice comes before the reports, and the --jsonl log is whole before them.
   */
  private List<RunSink> sinks(NetworkSpec spec, StepLines lines, PrintStream out, PrintStream err) {
    List<RunSink> sinks = new ArrayList<>();
    if (outputs.progress()) sinks.add(new ProgressLine(err, spec.train().steps()));
    sinks.add(main.interrupts().notice(lines, err));
    if (lines != null) sinks.add(lines);
    Path run = outputs.tensorboardRun(spec.name());
    if (run != null) sinks.add(new TensorBoardObserver(run));
    if (dump.asked()) sinks.add(dump.sink(dump.dumpDir, spec, err));
    if (outputs.json != null) sinks.add(ReportSinks.json(outputs.json, out));
    if (pictures.html != null) sinks.add(ReportSinks.html(pictures.html));
    if (pictures.plots != null) sinks.add(ReportSinks.plots(pictures.plots));
    if (ci.asked(main.env()))
      sinks.add(
          RunSink.ofReport(
              r ->
                  ci.write(
                      List.of(
                          new Judged(spec.name(), r, CiOptions.locations(spec, specOptions.spec))),
                      main.env(),
                      err)));
    boolean stdoutIsData = outputs.jsonToStdout() || "-".equals(jsonl);
    sinks.add(ReportSinks.text(outputs.quiet, stdoutIsData ? err : out, err));
    return sinks;
  }

  /** Every file and folder asked for, once the spec is known to be good, before training. */
  private void checkOutputs(NetworkSpec spec) {
    OutputPlan plan =
        new OutputPlan()
            .readsSpec(specOptions.spec)
            .readsData(spec)
            .readsBaseline(gateOptions.baseline)
            .fileOrStdout("--json", outputs.json)
            .fileOrStdout("--jsonl", jsonl)
            .folder("--tensorboard", outputs.tensorboard)
            .folder("--dump-dir", dump.dumpDir);
    ci.addTo(pictures.addTo(plan)).check();
  }
}
