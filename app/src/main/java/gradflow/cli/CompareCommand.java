package gradflow.cli;

import gradflow.app.AnalyzeOptions;
import gradflow.app.Comparer;
import gradflow.app.Gate;
import gradflow.app.JudgedRun;
import gradflow.app.ProgressLine;
import gradflow.app.RunSink;
import gradflow.app.TensorBoardObserver;
import gradflow.app.VariantPlan;
import gradflow.report.CompareCharts;
import gradflow.report.CompareHtml;
import gradflow.report.CompareTable;
import gradflow.report.Comparison;
import gradflow.report.ComparisonBuilder;
import gradflow.report.Report;
import gradflow.report.ReportJson;
import gradflow.report.ci.Judged;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code gradflow compare SPEC...}: several specs, or one spec swept, side by side. */
@Command(
    name = "compare",
    header = "Analyse several specs, or one spec's sweep, side by side.",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description = {
      "Analyse several specs, and the variants that their sweep: and --sweep make,",
      "and print their per-layer gradient magnitudes side by side. Variants that",
      "differ only by seed form one column: median (min..max) across the seeds.",
      "A --sweep key replaces the spec's sweep: values for that key; --seeds and",
      "--seed-list replace its sweep: seed. Examples:",
      "  gradflow compare a.yaml b.yaml --html compare.html",
      "  gradflow compare net.yaml --sweep activation=sigmoid,relu --seeds 3 --jobs 2",
      "For CI: --baseline judges every variant against one earlier analyze report;",
      "--junit writes a test suite per variant, --sarif and --summary every variant,",
      "annotations as in analyze."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:no variant has a finding at or above --fail-on (with --baseline: a new one)",
      "1:the gate failed for at least one variant (with --baseline: a regression)",
      "2:bad input, or out of memory",
      "3:internal error",
      "130:interrupted (SIGINT): the finished variants are listed, nothing is written",
      "143:terminated (SIGTERM): as 130",
      "141:stdout closed by its reader"
    })
final class CompareCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Mixin SpecOptions specOptions;
  @Mixin RunOptions runOptions;
  @Mixin TrainingOptions training;
  @Mixin GateOptions gateOptions;
  @Mixin OutputOptions outputs;
  @Mixin PictureOptions pictures;
  @Mixin SweepOptions sweepOptions;
  @Mixin DumpOptions dump;
  @Mixin CiOptions ci;

  @Parameters(index = "1..*", paramLabel = "SPEC", description = "more specs to compare")
  List<Path> moreSpecs = new ArrayList<>();

  @Option(
      names = "--jobs",
      paramLabel = "N",
      defaultValue = "1",
      description = "analyse up to N variants at once (default: ${DEFAULT-VALUE})")
  int jobs;

  @Override
  public Integer call() throws IOException {
    PrintStream out = main.out();
    PrintStream err = main.err();
    Gate gate = gateOptions.gate();
    AnalyzeOptions options = new AnalyzeOptions(gateOptions.disabledChecks(), main.interrupts());
    if (jobs < 1) throw new UserError("--jobs must be at least 1, found " + jobs);
    dump.check();
    ci.check();
    VariantPlan plan = sweepOptions.plan();
    List<Path> files = new ArrayList<>(List.of(specOptions.spec));
    files.addAll(moreSpecs);
    List<VariantPlan.Variant> variants = plan.variants(files, this::load);
    for (var v : variants) specOptions.checkMemory(v.spec(), v.file() + " (" + v.name() + ")");
    for (var v : variants) dump.check(v.spec(), " of " + v.name());
    checkOutputs(files, variants);
    Path tensorboardRun = outputs.tensorboardRun("compare");
    List<Comparer.Job> jobList = new ArrayList<>();
    for (int i = 0; i < variants.size(); i++)
      jobList.add(
          new Comparer.Job(
              variants.get(i).spec(),
              variants.get(i).sha256(),
              sinks(i, variants.get(i), tensorboardRun, err)));
    IntConsumer progress =
        outputs.progress() ? ProgressLine.ofRuns(err, jobList.size()) : done -> {};
    main.interrupts().cooperate();
    List<JudgedRun> runs = Comparer.run(jobList, options, gate, jobs, progress);
    if (main.interrupts().signal() != null) return interrupted(variants, runs, err);
    int exitCode = ExitCodes.of(runs.stream().map(JudgedRun::verdict).toList());
    Comparison comparison = comparison(variants, runs, gate.label(), exitCode);
    write(comparison, runs.stream().map(JudgedRun::report).toList(), out, err);
    if (ci.asked(main.env())) ci.write(judged(variants, runs), main.env(), err);
    return exitCode;
  }

  /** The variants side by side, each with its own exit code and the gate's for them all. */
  private static Comparison comparison(
      List<VariantPlan.Variant> variants, List<JudgedRun> runs, String failOn, int exitCode) {
    List<ComparisonBuilder.Run> entries = new ArrayList<>();
    for (int i = 0; i < variants.size(); i++) {
      VariantPlan.Variant v = variants.get(i);
      JudgedRun run = runs.get(i);
      entries.add(
          new ComparisonBuilder.Run(
              v.name(),
              v.group(),
              v.file().toString(),
              v.sha256(),
              v.sweep(),
              v.spec().seed(),
              run.report(),
              ExitCodes.of(List.of(run.verdict()))));
    }
    return ComparisonBuilder.build(entries, failOn, exitCode);
  }

  /** Each variant's report, with where its layers were written, for the CI outputs. */
  private static List<Judged> judged(List<VariantPlan.Variant> variants, List<JudgedRun> runs) {
    List<Judged> judged = new ArrayList<>();
    for (int i = 0; i < variants.size(); i++) {
      VariantPlan.Variant v = variants.get(i);
      judged.add(
          new Judged(v.name(), runs.get(i).report(), CiOptions.locations(v.spec(), v.file())));
    }
    return judged;
  }

  /** A spec file with the command line's overrides. */
  private VariantPlan.Source load(Path file) {
    var spec = gateOptions.apply(training.apply(runOptions.apply(specOptions.load(file), file)));
    return new VariantPlan.Source(file, specOptions.sha256(file), spec);
  }

  private void checkOutputs(List<Path> files, List<VariantPlan.Variant> variants) {
    OutputPlan plan = new OutputPlan();
    for (Path file : files) plan.readsSpec(file);
    for (var v : variants) plan.readsData(v.spec());
    plan.readsBaseline(gateOptions.baseline);
    plan.fileOrStdout("--json", outputs.json)
        .folder("--tensorboard", outputs.tensorboard)
        .folder("--dump-dir", dump.dumpDir);
    ci.addTo(pictures.addTo(plan)).check();
  }

  /**
   * The outputs of variant {@code index} alone, each in its own run folder:
   * tensorboardRun/01_&lt;variant&gt;/, DIR/01_&lt;variant&gt;/ for the dump (its position keeps
   * the order given; its name, in file-safe characters, says which).
   */
  private List<RunSink> sinks(
      int index, VariantPlan.Variant v, Path tensorboardRun, PrintStream err) {
    String run = VariantPlan.runName(index, v.name());
    List<RunSink> sinks = new ArrayList<>();
    if (tensorboardRun != null) sinks.add(new TensorBoardObserver(tensorboardRun.resolve(run)));
    if (dump.asked()) sinks.add(dump.sink(dump.dumpDir.resolve(run), v.spec(), err));
    return sinks;
  }

  /** The comparison's outputs. Charts load AWT and XChart only when asked for. */
  private void write(Comparison comparison, List<Report> reports, PrintStream out, PrintStream err)
      throws IOException {
    if (outputs.json != null) OutputPaths.json(outputs.json, ReportJson.pretty(comparison), out);
    if (pictures.html != null)
      OutputPaths.write("--html", pictures.html, CompareHtml.render(comparison, reports));
    if (pictures.plots != null)
      OutputPaths.writeInto(
          "--plots",
          pictures.plots,
          () -> CompareCharts.writeAll(comparison, reports, pictures.plots));
    if (!outputs.quiet) (outputs.jsonToStdout() ? err : out).print(CompareTable.render(comparison));
    else err.print(CompareTable.brief(comparison));
  }

  /**
   * Stopped by a signal: erases the progress line and names the variants that ran to their last
   * step. No --json, --html or --plots is written: a comparison of some variants would read as the
   * whole one.
   */
  private int interrupted(
      List<VariantPlan.Variant> variants, List<JudgedRun> runs, PrintStream err) {
    List<String> finished = new ArrayList<>();
    for (int i = 0; i < variants.size(); i++)
      if (runs.get(i) != null && !runs.get(i).result().interrupted())
        finished.add(variants.get(i).name());
    Interrupts.Sig sig = main.interrupts().signal();
    if (outputs.progress()) ProgressLine.erase(err);
    err.printf(
        "gradflow: interrupted (%s): %d of %d variants finished%s; nothing was written%n",
        sig.label(),
        finished.size(),
        variants.size(),
        finished.isEmpty() ? "" : ": " + String.join(", ", finished));
    return sig.exitCode;
  }
}
