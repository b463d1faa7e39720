package gradflow.cli;

import gradflow.app.GradientChecker;
import gradflow.report.ReportJson;
import gradflow.spec.NetworkSpec;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code gradflow gradcheck SPEC}: finite-difference check of every parameter's gradient. */
@Command(
    name = "gradcheck",
    header = "Check every parameter's gradient by finite differences.",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description = {
      "Build the spec's network in float64 and compare every parameter's analytic",
      "gradient with central finite differences (eps 1e-6) on a small seeded batch.",
      "Verdicts per parameter: ok; wrong (relative error above --tolerance);",
      "missing (analytic 0 where the numeric is not); zero (both identically 0:",
      "nothing reaches it). Entries whose perturbation crosses a kink (ReLU at 0,",
      "a Maxout tie) are counted as kinks and not judged."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every parameter ok",
      "1:a parameter is wrong, missing or zero",
      "2:bad input",
      "3:internal error",
      "141:stdout closed by its reader"
    })
final class GradcheckCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Mixin SpecOptions specOptions;
  @Mixin RunOptions runOptions;

  @Option(
      names = "--samples",
      paramLabel = "N",
      defaultValue = "50",
      description =
          "entries checked per parameter array (all when it has fewer; 0 = all; default ${DEFAULT-VALUE})")
  int samples;

  @Option(
      names = "--batch",
      paramLabel = "N",
      defaultValue = "4",
      description = "examples in the checked batch (default ${DEFAULT-VALUE})")
  int batch;

  @Option(
      names = "--tolerance",
      paramLabel = "X",
      defaultValue = "1e-5",
      description = "largest accepted relative error |a-n|/(|a|+|n|) (default ${DEFAULT-VALUE})")
  double tolerance;

  @Option(
      names = "--json",
      paramLabel = "FILE|-",
      description = "write the result as JSON (schema gradflow.gradcheck/1)")
  String json;

  @Override
  public Integer call() throws Exception {
    if (samples < 0) throw new UserError("--samples must be 0 or more, found " + samples);
    if (batch < 1) throw new UserError("--batch must be at least 1, found " + batch);
    if (!(tolerance > 0)) throw new UserError("--tolerance must be > 0, found " + tolerance);
    NetworkSpec spec =
        runOptions.apply(specOptions.loadIgnoringSweep(main.err()), specOptions.spec);
    new OutputPlan()
        .readsSpec(specOptions.spec)
        .readsData(spec)
        .fileOrStdout("--json", json)
        .check();
    GradientChecker.Result result = GradientChecker.check(spec, batch, samples, tolerance);
    if (json != null)
      OutputPaths.json(
          json, ReportJson.pretty(toJson(spec, specOptions.sha256(), result)), main.out());
    if (!"-".equals(json)) main.out().print(render(result));
    return result.passed() ? ExitCodes.OK : ExitCodes.FINDINGS;
  }

  private static String render(GradientChecker.Result r) {
    StringBuilder out =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "gradient check: float64, batch %d, eps 1e-6, tolerance %s, differences below %.1e ignored%n%n",
                r.batch(),
                r.tolerance(),
                r.noiseFloor()));
    out.append(
        String.format(
            "%-16s %-14s %8s %6s %12s %12s  %s%n",
            "parameter", "shape", "checked", "kinks", "max rel err", "max abs err", "verdict"));
    for (GradientChecker.ParamCheck p : r.params())
      out.append(
          String.format(
              Locale.ROOT,
              "%-16s %-14s %8d %6d %12.2e %12.2e  %s%n",
              p.name(),
              Arrays.toString(p.shape()),
              p.checked(),
              p.kinks(),
              p.maxRelativeError(),
              p.maxAbsoluteError(),
              p.verdict()));
    long bad = r.params().stream().filter(p -> !p.verdict().equals("ok")).count();
    out.append(
        bad == 0
            ? "\nall gradients ok\n"
            : "\n" + bad + " parameter(s) with a wrong, missing or zero gradient\n");
    return out.toString();
  }

  private static Map<String, Object> toJson(
      NetworkSpec spec, String sha256, GradientChecker.Result r) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("schema", "gradflow.gradcheck/1");
    root.put("status", r.passed() ? "pass" : "fail");
    root.put("name", spec.name());
    Map<String, Object> provenance = new LinkedHashMap<>();
    provenance.put("gradflow_version", gradflow.app.Version.VALUE);
    provenance.put("spec_file", spec.source());
    provenance.put("spec_sha256", sha256);
    provenance.put("seed", spec.seed());
    provenance.put("data_type", "float64");
    provenance.put("java_version", System.getProperty("java.version"));
    provenance.put("os", System.getProperty("os.name"));
    provenance.put("arch", System.getProperty("os.arch"));
    root.put("provenance", provenance);
    root.put("batch", r.batch());
    root.put("eps", GradientChecker.EPS);
    root.put("tolerance", r.tolerance());
    root.put("absolute_noise_floor", r.noiseFloor());
    List<Map<String, Object>> params =
        r.params().stream()
            .map(
                p -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("name", p.name());
                  m.put("shape", p.shape());
                  m.put("checked", p.checked());
                  m.put("kinks", p.kinks());
                  m.put("max_relative_error", p.maxRelativeError());
                  m.put("max_absolute_error", p.maxAbsoluteError());
                  m.put("wrong_entries", p.wrongEntries());
                  m.put("missing_entries", p.missingEntries());
                  m.put("verdict", p.verdict());
                  return m;
                })
            .toList();
    root.put("parameters", params);
    return root;
  }
}
