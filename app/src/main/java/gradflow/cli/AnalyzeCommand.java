package gradflow.cli;

import gradflow.app.AnalyzeOptions;
import gradflow.app.Analyzer;
import gradflow.app.FixTrials;
import gradflow.app.Gate;
import gradflow.app.JudgedRun;
import gradflow.app.ProgressLine;
import gradflow.app.RunSink;
import gradflow.app.TensorBoardObserver;
import gradflow.report.Fixes;
import gradflow.report.Report;
import gradflow.report.ci.Judged;
import gradflow.spec.NetworkSpec;
import gradflow.spec.SpecWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
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
      "  gradflow analyze net.yaml --baseline main.json --sarif gradflow.sarif",
      "--try-fixes verifies the remedies: it runs the candidate spec patches for",
      "each error or warning finding with the same seed and steps and reports",
      "which findings each cured or added; --write-fixed FILE saves the best",
      "one's spec. The verdict and exit code stay the original run's:",
      "  gradflow analyze net.yaml --try-fixes --jobs 2 --write-fixed fixed.yaml"
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
  @Mixin FixOptions fixes;

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
    fixes.check();
    NetworkSpec spec =
        gateOptions.apply(
            training.apply(runOptions.apply(specOptions.loadIgnoringSweep(err), specOptions.spec)));
    dump.check(spec, "");
    fixes.check(spec, specOptions.spec);
    checkOutputs(spec);

    StepLines lines = StepLines.open(jsonl, spec.name(), out, err);
    main.interrupts().cooperate();
    List<RunSink> sinks = sinks(spec, lines, out, err);
    List<RunSink> reports = reportSinks(spec, out, err);
    if (!fixes.tryFixes) sinks.addAll(reports);
    JudgedRun run = Analyzer.run(spec, specOptions.sha256(), options, gate, sinks);
    if (fixes.tryFixes) deliver(reports, tryFixes(spec, run, options, gate));
    if (main.interrupts().signal() != null) return main.interrupts().signal().exitCode;
    return ExitCodes.of(List.of(run.verdict()));
  }

  /**
   * The report with what --try-fixes found, after --write-fixed wrote the best candidate's spec; a
   * run interrupted before the candidates keeps its plain report, and one interrupted during them
   * writes no spec (the best of a part is not the best).
   */
  private Report tryFixes(NetworkSpec spec, JudgedRun run, AnalyzeOptions options, Gate gate)
      throws IOException {
    if (main.interrupts().signal() != null) return run.report();
    IntFunction<IntConsumer> progress =
        total -> outputs.progress() ? ProgressLine.ofRuns(main.err(), "fixes", total) : done -> {};
    FixTrials.Result tried =
        FixTrials.run(
            spec, specOptions.sha256(), run, options, gate, fixes.jobs(), fixes.seeds(), progress);
    if (main.interrupts().signal() != null && outputs.progress()) ProgressLine.erase(main.err());
    Fixes found = tried.fixes();
    if (fixes.writeFixed != null
        && tried.bestSpec() != null
        && main.interrupts().signal() == null) {
      String comment =
          spec.name()
              + ", patched by gradflow analyze --try-fixes: "
              + found.best()
              + "\n(the spec as that run ran it: gradflow analyze "
              + fixes.writeFixed.getFileName()
              + " reproduces its numbers)";
      OutputPaths.write(
          "--write-fixed",
          fixes.writeFixed,
          SpecWriter.spec(tried.bestSpec(), fixes.writeFixed, comment));
      found = found.withWritten(fixes.writeFixed.toString());
    } else if (fixes.writeFixed != null && main.interrupts().signal() == null) {
      main.err()
          .println(
              "gradflow: --write-fixed "
                  + fixes.writeFixed
                  + " not written: no candidate cured a finding without adding a new one");
    }
    return run.report().withFixes(found);
  }

  /** Hands {@code report} to each report sink and closes it. */
  private static void deliver(List<RunSink> sinks, Report report) throws IOException {
    for (RunSink sink : sinks) sink.onReport(report);
    for (RunSink sink : sinks) sink.close();
  }

  /**
   * The outputs that follow the training, in the order they act: the progress line is erased before
   * any warning, the interruption notice comes before the reports, and the --jsonl log is whole
   * before them.
   */
  private List<RunSink> sinks(NetworkSpec spec, StepLines lines, PrintStream out, PrintStream err) {
    List<RunSink> sinks = new ArrayList<>();
    if (outputs.progress()) sinks.add(new ProgressLine(err, spec.train().steps()));
    sinks.add(main.interrupts().notice(lines, err));
    if (lines != null) sinks.add(lines);
    Path run = outputs.tensorboardRun(spec.name());
    if (run != null) sinks.add(new TensorBoardObserver(run));
    if (dump.asked()) sinks.add(dump.sink(dump.dumpDir, spec, err));
    return sinks;
  }

  /** The outputs that write the finished report; with --try-fixes, once the candidates ran. */
  private List<RunSink> reportSinks(NetworkSpec spec, PrintStream out, PrintStream err) {
    List<RunSink> sinks = new ArrayList<>();
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
            .folder("--dump-dir", dump.dumpDir)
            .file("--write-fixed", fixes.writeFixed);
    ci.addTo(pictures.addTo(plan)).check();
  }
}
