package gradflow.cli;

import gradflow.app.Comparer;
import gradflow.probe.Severity;
import gradflow.report.CompareCharts;
import gradflow.report.CompareHtml;
import gradflow.report.CompareTable;
import gradflow.report.Comparison;
import gradflow.report.ComparisonBuilder;
import gradflow.report.Report;
import gradflow.report.ReportJson;
import gradflow.spec.NetworkSpec;
import gradflow.spec.SweepSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
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
      "  gradflow compare net.yaml --sweep activation=sigmoid,relu --seeds 3 --jobs 2"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:no variant has a finding at or above --fail-on",
      "1:the gate failed for at least one variant",
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
  @Mixin PictureOptions pictures;

  @Parameters(index = "1..*", paramLabel = "SPEC", description = "more specs to compare")
  List<Path> moreSpecs = new ArrayList<>();

  @Option(
      names = "--sweep",
      paramLabel = "KEY=V1,V2,...",
      description = {
        "one variant per value (repeatable; sweeps multiply). Keys: activation (every layer but the"
            + " last; leaky_relu:0.01 sets alpha), init (weight init of every layer), lr, seed,"
            + " steps, batch. Replaces the spec's sweep: values for the same key"
      })
  List<String> sweeps = new ArrayList<>();

  @Option(
      names = "--seeds",
      paramLabel = "N",
      description =
          "run every variant with N seeds: the spec's seed (or --seed) and the N-1 after; replaces"
              + " a sweep: seed in the spec")
  Integer seeds;

  @Option(
      names = "--seed-list",
      paramLabel = "S1,S2,...",
      split = ",",
      description = "run every variant with these seeds; replaces a sweep: seed in the spec")
  List<Long> seedList;

  @Option(
      names = "--jobs",
      paramLabel = "N",
      defaultValue = "1",
      description = "analyse up to N variants at once (default: ${DEFAULT-VALUE})")
  int jobs;

  @Option(
      names = "--json",
      paramLabel = "FILE|-",
      description = "write the comparison (schema gradflow.compare/1) to FILE, or stdout with '-'")
  String json;

  @Option(
      names = "--tensorboard",
      paramLabel = "DIR",
      description =
          "write one TensorBoard run per variant into DIR/<NN>_<variant>/ (as analyze"
              + " --tensorboard), so that tensorboard --logdir DIR overlays the variants")
  Path tensorboard;

  @Option(
      names = {"-q", "--quiet"},
      description = "no table: only one line per variant and the verdict, on stderr")
  boolean quiet;

  /** One variant before it runs. */
  private record Variant(
      Path file, String sha, NetworkSpec spec, Map<String, String> sweep, String group) {}

  @Override
  public Integer call() throws IOException {
    PrintStream out = main.out();
    PrintStream err = main.err();
    Severity gate = gateOptions.failOn();
    List<String> disabled = gateOptions.disabledChecks();
    if (jobs < 1) throw new UserError("--jobs must be at least 1, found " + jobs);
    List<Sweep> parsed = new ArrayList<>();
    for (String s : sweeps) {
      Sweep sweep = Sweep.parse(s);
      if (parsed.stream().anyMatch(p -> p.key().equals(sweep.key())))
        throw new UserError("--sweep " + sweep.key() + " is given twice; list all values in one");
      parsed.add(sweep);
    }
    boolean seedSwept = parsed.stream().anyMatch(p -> p.key().equals("seed"));
    if ((seeds != null ? 1 : 0) + (seedList != null ? 1 : 0) + (seedSwept ? 1 : 0) > 1)
      throw new UserError("use one of --seeds, --seed-list and --sweep seed=...");
    if (seeds != null && seeds < 1)
      throw new UserError("--seeds must be at least 1, found " + seeds);

    List<Variant> variants = variants(parsed);
    for (Variant v : variants) specOptions.checkMemory(v.spec(), v.file() + " (" + name(v) + ")");
    OutputPlan plan = new OutputPlan().readsSpec(specOptions.spec);
    for (Path file : moreSpecs) plan.readsSpec(file);
    for (Variant v : variants) plan.readsData(v.spec());
    plan.fileOrStdout("--json", json).folder("--tensorboard", tensorboard);
    pictures.addTo(plan).check();
    List<Comparer.Job> jobList = new ArrayList<>();
    for (int i = 0; i < variants.size(); i++) {
      Variant v = variants.get(i);
      Path runDir = tensorboard == null ? null : tensorboard.resolve(runName(i, name(v)));
      jobList.add(new Comparer.Job(v.spec(), v.sha(), runDir));
    }
    // like analyze's progress line: only for a person watching a terminal
    boolean progress = !quiet && Boolean.getBoolean("gradflow.stderrTty");
    int total = jobList.size();
    main.interrupts().cooperate();
    List<Report> reports =
        Comparer.run(
            jobList,
            gate,
            disabled,
            jobs,
            done -> {
              if (!progress) return;
              synchronized (err) {
                err.printf("\rcompare: %d/%d runs done ", done, total);
                if (done == total) err.print("\r\033[K");
                err.flush();
              }
            },
            main.interrupts());
    if (main.interrupts().signal() != null) return interrupted(variants, reports, err);
    List<ComparisonBuilder.Run> runs = new ArrayList<>();
    for (int i = 0; i < variants.size(); i++) {
      Variant v = variants.get(i);
      runs.add(
          new ComparisonBuilder.Run(
              name(v),
              v.group(),
              v.file().toString(),
              v.sha(),
              v.sweep(),
              v.spec().seed(),
              reports.get(i)));
    }
    Comparison comparison = ComparisonBuilder.build(runs, gate == null ? "never" : gate.label());
    if (json != null) OutputPaths.json(json, ReportJson.pretty(comparison), out);
    // Charts load AWT and XChart only when asked for.
    if (pictures.html != null)
      OutputPaths.write("--html", pictures.html, CompareHtml.render(comparison, reports));
    if (pictures.plots != null)
      OutputPaths.writeInto(
          "--plots",
          pictures.plots,
          () -> CompareCharts.writeAll(comparison, reports, pictures.plots));
    if (!quiet) ("-".equals(json) ? err : out).print(CompareTable.render(comparison));
    else err.print(CompareTable.brief(comparison));
    return comparison.exitCode();
  }

  /**
   * Stopped by a signal: erases the progress line and names the variants that ran to their last
   * step. No --json, --html or --plots is written: a comparison of some variants would read as the
   * whole one.
   */
  private int interrupted(List<Variant> variants, List<Report> reports, PrintStream err) {
    List<String> finished = new ArrayList<>();
    for (int i = 0; i < variants.size(); i++)
      if (reports.get(i) != null && !"interrupted".equals(reports.get(i).status()))
        finished.add(name(variants.get(i)));
    Interrupts.Sig sig = main.interrupts().signal();
    if (!quiet && Boolean.getBoolean("gradflow.stderrTty")) err.print("\r\033[K");
    err.printf(
        "gradflow: interrupted (%s): %d of %d variants finished%s; nothing was written%n",
        sig.label(),
        finished.size(),
        variants.size(),
        finished.isEmpty() ? "" : ": " + String.join(", ", finished));
    return sig.exitCode;
  }

  /**
   * Every spec times every sweep value: the spec's sweep: keys in file order, each replaced by a
   * --sweep of the same key, then the other --sweep keys in the order given; seeds vary fastest.
   */
  private List<Variant> variants(List<Sweep> parsed) {
    List<Path> files = new ArrayList<>();
    files.add(specOptions.spec);
    files.addAll(moreSpecs);
    // the same file twice would run identical variants and pass them off as seeds of one column
    Set<Path> seen = new HashSet<>();
    for (Path file : files)
      if (!seen.add(file.toAbsolutePath().normalize()))
        throw new UserError(
            file + " is given twice; list each spec once (--seeds or --sweep make variants)");
    List<Variant> result = new ArrayList<>();
    Map<String, Path> groupFiles = new HashMap<>();
    for (Path file : files) {
      NetworkSpec base =
          gateOptions.apply(training.apply(runOptions.apply(specOptions.load(file), file)));
      List<Sweep> all = combine(base, parsed);
      Sweep seedSweep = seedSweep(base);
      if (seedSweep != null) {
        all.removeIf(s -> s.key().equals("seed"));
        all.add(seedSweep);
      } else {
        all.sort((a, b) -> Boolean.compare(a.key().equals("seed"), b.key().equals("seed")));
      }
      base = base.withSweep(SweepSpec.NONE);
      String sha = specOptions.sha256(file);
      expand(base, all, 0, new LinkedHashMap<>(), file, sha, result, groupFiles);
    }
    return result;
  }

  /** The spec's sweep with each key given on the command line replaced, then the new keys. */
  private static List<Sweep> combine(NetworkSpec base, List<Sweep> parsed) {
    List<Sweep> all = new ArrayList<>();
    base.sweep().values().forEach((key, values) -> all.add(new Sweep(key, values)));
    for (Sweep cli : parsed) {
      int at = -1;
      for (int i = 0; i < all.size(); i++) if (all.get(i).key().equals(cli.key())) at = i;
      if (at >= 0) all.set(at, cli);
      else all.add(cli);
    }
    return all;
  }

  private Sweep seedSweep(NetworkSpec base) {
    List<String> values = new ArrayList<>();
    if (seeds != null) for (int i = 0; i < seeds; i++) values.add(String.valueOf(base.seed() + i));
    else if (seedList != null) for (long s : seedList) values.add(String.valueOf(s));
    else return null;
    if (values.stream().distinct().count() != values.size())
      throw new UserError("--seed-list: a seed is repeated in " + seedList);
    return new Sweep("seed", values);
  }

  private static void expand(
      NetworkSpec spec,
      List<Sweep> sweeps,
      int depth,
      LinkedHashMap<String, String> assigned,
      Path file,
      String sha,
      List<Variant> result,
      Map<String, Path> groupFiles) {
    if (depth == sweeps.size()) {
      StringBuilder group = new StringBuilder(spec.name());
      assigned.forEach(
          (k, v) -> {
            if (!k.equals("seed")) group.append(' ').append(k).append('=').append(v);
          });
      String g = group.toString();
      Path owner = groupFiles.putIfAbsent(g, file);
      if (owner != null && !owner.equals(file)) g = g + " [" + file + "]";
      result.add(
          new Variant(
              file, sha, spec, Collections.unmodifiableMap(new LinkedHashMap<>(assigned)), g));
      return;
    }
    Sweep sweep = sweeps.get(depth);
    for (String value : sweep.values()) {
      assigned.put(sweep.key(), value);
      expand(sweep.apply(spec, value), sweeps, depth + 1, assigned, file, sha, result, groupFiles);
      assigned.remove(sweep.key());
    }
  }

  /**
   * A TensorBoard run folder: the variant's position (so that runs sort in the order given and two
   * names that differ only in punctuation cannot collide) and its name in file-safe characters.
   */
  static String runName(int index, String variantName) {
    String safe = variantName.replaceAll("[^A-Za-z0-9._=-]+", "_");
    return String.format(Locale.ROOT, "%02d_%s", index + 1, safe);
  }

  private static String name(Variant v) {
    return v.sweep().containsKey("seed") ? v.group() + " seed=" + v.sweep().get("seed") : v.group();
  }
}
