package gradflow.report;

import gradflow.probe.LayerStat;
import gradflow.text.Resources;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** Builds a {@link Comparison} from finished reports: per-variant numbers and seed groups. */
public final class ComparisonBuilder {
  private ComparisonBuilder() {}

  /**
   * One finished variant.
   *
   * @param group variants with equal group names (the name without the seed) form one group
   * @param exitCode the gate's exit code for this variant alone, as the comparison shows it
   */
  public record Run(
      String name,
      String group,
      String specFile,
      String specSha256,
      Map<String, String> sweep,
      long seed,
      Report report,
      int exitCode) {}

  /**
   * {@code failOn} is the gate's label ("error", "never"...), as in the reports; {@code exitCode}
   * the gate's code for all the variants (status "pass" when 0, else "fail").
   */
  public static Comparison build(List<Run> runs, String failOn, int exitCode) {
    List<Comparison.Variant> variants = new ArrayList<>();
    Map<String, List<Integer>> members = new LinkedHashMap<>();
    for (Run run : runs) {
      int group = indexOf(members, run.group());
      members.get(run.group()).add(variants.size());
      variants.add(variant(variants.size(), group, run));
    }
    List<Comparison.Group> groups = new ArrayList<>();
    for (Map.Entry<String, List<Integer>> e : members.entrySet()) {
      List<Comparison.Variant> vs = e.getValue().stream().map(variants::get).toList();
      groups.add(group(groups.size(), e.getKey(), e.getValue(), vs));
    }
    return new Comparison(
        Comparison.SCHEMA, exitCode == 0 ? "pass" : "fail", exitCode, failOn, variants, groups);
  }

  private static int indexOf(Map<String, List<Integer>> members, String key) {
    if (!members.containsKey(key)) members.put(key, new ArrayList<>());
    return new ArrayList<>(members.keySet()).indexOf(key);
  }

  private static Comparison.Variant variant(int index, int group, Run run) {
    Report r = run.report();
    List<Comparison.Layer> layers =
        r.layers().stream()
            .map(
                l ->
                    new Comparison.Layer(
                        l.index(),
                        l.name(),
                        l.type(),
                        l.median(LayerStat.MEAN_ABS_GRAD),
                        l.median(LayerStat.MEAN_ABS_SIGNAL)))
            .toList();
    List<Comparison.FindingRef> findings =
        r.findings().stream()
            .map(f -> new Comparison.FindingRef(f.code(), f.severity(), f.layer()))
            .toList();
    return new Comparison.Variant(
        index,
        run.name(),
        group,
        run.specFile(),
        run.specSha256(),
        run.sweep(),
        run.seed(),
        r.status(),
        run.exitCode(),
        layers,
        gradRatio(layers),
        r.signalRatio() == null ? null : r.signalRatio().median(),
        r.training() == null ? null : r.training().testAccuracy(),
        r.training() == null ? null : r.training().finalLoss(),
        findings,
        r.baseline());
  }

  /** The gradient ratio ({@link Ratios#grad}) of the layers' mean |dL/dW| medians. */
  static Double gradRatio(List<Comparison.Layer> layers) {
    return Ratios.grad(layers.stream().map(Comparison.Layer::meanAbsGradMedian).toList());
  }

  private static Comparison.Group group(
      int index, String name, List<Integer> ids, List<Comparison.Variant> vs) {
    TreeMap<Integer, String> layerNames = new TreeMap<>();
    for (Comparison.Variant v : vs)
      for (Comparison.Layer l : v.layers()) layerNames.putIfAbsent(l.index(), l.name());
    List<Comparison.GroupLayer> layers = new ArrayList<>();
    for (Map.Entry<Integer, String> e : layerNames.entrySet()) {
      int li = e.getKey();
      layers.add(
          new Comparison.GroupLayer(
              li,
              e.getValue(),
              stat(vs, v -> layer(v, li, Comparison.Layer::meanAbsGradMedian)),
              stat(vs, v -> layer(v, li, Comparison.Layer::meanAbsSignalMedian))));
    }
    Map<String, Comparison.CodeCount> codes = new LinkedHashMap<>();
    for (Comparison.Variant v : vs) {
      Map<String, String> worst = new LinkedHashMap<>();
      for (Comparison.FindingRef f : v.findings())
        worst.merge(f.code(), f.severity(), ComparisonBuilder::worse);
      worst.forEach(
          (code, sev) -> {
            Comparison.CodeCount c = codes.get(code);
            codes.put(
                code,
                c == null
                    ? new Comparison.CodeCount(code, sev, 1)
                    : new Comparison.CodeCount(code, worse(c.severity(), sev), c.variants() + 1));
          });
    }
    return new Comparison.Group(
        index,
        name,
        ids,
        vs.stream().map(Comparison.Variant::seed).toList(),
        (int) vs.stream().filter(v -> v.exitCode() != 0).count(),
        layers,
        stat(vs, Comparison.Variant::gradRatio),
        stat(vs, Comparison.Variant::signalRatio),
        stat(vs, Comparison.Variant::testAccuracy),
        List.copyOf(codes.values()));
  }

  private static String worse(String a, String b) {
    List<String> order = List.of("info", "warn", "error");
    return order.indexOf(a) >= order.indexOf(b) ? a : b;
  }

  private static Double layer(
      Comparison.Variant v, int index, Function<Comparison.Layer, Double> field) {
    for (Comparison.Layer l : v.layers()) if (l.index() == index) return field.apply(l);
    return null;
  }

  private static Comparison.Stat stat(
      List<Comparison.Variant> vs, Function<Comparison.Variant, Double> field) {
    double[] xs =
        vs.stream()
            .map(field)
            .filter(x -> x != null && Double.isFinite(x))
            .mapToDouble(Double::doubleValue)
            .sorted()
            .toArray();
    if (xs.length == 0) return new Comparison.Stat(null, null, null, 0);
    return new Comparison.Stat(
        gradflow.probe.Numbers.median(xs), xs[0], xs[xs.length - 1], xs.length);
  }

  /** The JSON Schema of the comparison, from the classpath. */
  public static String schema() {
    return Resources.text("/gradflow/compare.schema.json");
  }
}
