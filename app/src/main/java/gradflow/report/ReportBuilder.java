package gradflow.report;

import gradflow.model.LayerInfo;
import gradflow.probe.Finding;
import gradflow.probe.LayerStat;
import gradflow.probe.LayerStepStats;
import gradflow.probe.Numbers;
import gradflow.probe.RunStats;
import gradflow.probe.SignalRatios;
import gradflow.probe.StepStats;
import gradflow.spec.Thresholds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Assembles a {@link Report} from a run's numbers, its findings and where they came from. */
public final class ReportBuilder {
  private ReportBuilder() {}

  /**
   * The report of one run as the gate judged it: {@code verdict} becomes the status, {@code failOn}
   * is the gate's label ("error", "never"...).
   */
  public static Report build(
      String name,
      RunStats run,
      List<Finding> findings,
      Verdict verdict,
      String failOn,
      Thresholds thresholds,
      List<String> disabledChecks,
      Report.Provenance provenance,
      Report.Training training) {
    List<StepStats> steps = run.steps();
    List<Report.LayerSummary> layers = new ArrayList<>();
    for (int i = 0; i < run.layers().size(); i++) layers.add(layerSummary(run, i));
    Map<String, Double> thresholdValues = new LinkedHashMap<>();
    thresholds.asMap().forEach((t, v) -> thresholdValues.put(t.key(), v));
    var nf = run.summary() == null ? null : run.summary().nonFinite();
    return new Report(
        Report.SCHEMA,
        verdict.label(),
        name,
        failOn,
        provenance,
        training,
        nf == null ? null : new Report.NonFinite(nf.step(), nf.layer(), nf.where()),
        signalRatio(run),
        layers,
        findings.stream().map(ReportBuilder::entry).toList(),
        thresholdValues,
        disabledChecks,
        steps.stream().map(ReportBuilder::stepEntry).toList());
  }

  /** NaN and infinities become null: JSON has no NaN, and "not applicable" reads as null. */
  static Double num(double x) {
    return Double.isFinite(x) ? x : null;
  }

  private static Report.LayerSummary layerSummary(RunStats run, int i) {
    LayerInfo info = run.layers().get(i);
    List<StepStats> steps = run.steps();
    LayerStepStats last = steps.isEmpty() ? null : steps.get(steps.size() - 1).layers().get(i);
    Map<LayerStat, Double> lastValues = new EnumMap<>(LayerStat.class);
    Map<LayerStat, Double> medians = new EnumMap<>(LayerStat.class);
    for (LayerStat stat : LayerStat.values()) {
      lastValues.put(stat, last == null ? null : num(last.get(stat)));
      if (stat.hasMedian()) medians.put(stat, median(run, i, stat));
    }
    return new Report.LayerSummary(
        info.index(),
        info.name(),
        info.type(),
        info.activation().isEmpty() ? null : info.activation(),
        info.units(),
        info.pieces(),
        lastValues,
        medians,
        run.totalPieceWins().get(info.name()),
        parameterSummaries(steps, i));
  }

  /**
   * Per parameter of layer {@code i} (in the layer's order), its last logged value of each {@link
   * LayerStat.Scope#PARAMETER} statistic and, where summarised by both, the run median, under their
   * JSON keys.
   */
  private static Map<String, Map<String, Double>> parameterSummaries(List<StepStats> steps, int i) {
    Map<String, Map<String, Double>> out = new LinkedHashMap<>();
    if (steps.isEmpty()) return out;
    LayerStepStats last = steps.get(steps.size() - 1).layers().get(i);
    for (String param : last.parameters().keySet()) {
      Map<String, Double> values = new LinkedHashMap<>();
      for (LayerStat stat : LayerStat.of(LayerStat.Scope.PARAMETER)) {
        values.put(stat.key(), num(parameterValue(last, param, stat)));
        if (stat.hasMedian())
          values.put(
              stat.medianKey(),
              num(
                  Numbers.median(
                      steps.stream()
                          .mapToDouble(s -> parameterValue(s.layers().get(i), param, stat))
                          .toArray())));
      }
      out.put(param, values);
    }
    return out;
  }

  private static double parameterValue(LayerStepStats l, String param, LayerStat stat) {
    Map<LayerStat, Double> values = l.parameters().get(param);
    Double v = values == null ? null : values.get(stat);
    return v == null ? Double.NaN : v;
  }

  /** The median of {@code stat} at layer {@code i} over the logged steps, null when not finite. */
  static Double median(RunStats run, int i, LayerStat stat) {
    return num(
        Numbers.median(
            run.steps().stream().mapToDouble(s -> s.layers().get(i).get(stat)).toArray()));
  }

  /** The first-to-last signal ratio of {@link SignalRatios#ratios}: last logged, median, range. */
  static Report.SignalRatio signalRatio(RunStats run) {
    double[] r = SignalRatios.ratios(run);
    double[] finite = Arrays.stream(r).filter(Double::isFinite).toArray();
    return new Report.SignalRatio(
        r.length == 0 ? null : num(r[r.length - 1]),
        num(Numbers.median(finite)),
        finite.length == 0 ? null : Arrays.stream(finite).min().getAsDouble(),
        finite.length == 0 ? null : Arrays.stream(finite).max().getAsDouble());
  }

  private static Report.FindingEntry entry(Finding f) {
    Map<String, Object> evidence = new LinkedHashMap<>();
    f.evidence().forEach((k, v) -> evidence.put(k, evidenceValue(v)));
    return new Report.FindingEntry(
        f.code(),
        f.severity().label(),
        f.layer(),
        f.message(),
        evidence,
        f.threshold(),
        f.remedy());
  }

  /** A number as {@link #num} writes it, also inside a per-layer list (NaN for a pooling layer). */
  private static Object evidenceValue(Object v) {
    if (v instanceof Double d) return num(d);
    if (v instanceof List<?> list) return list.stream().map(ReportBuilder::evidenceValue).toList();
    return v;
  }

  public static Report.StepEntry stepEntry(StepStats s) {
    List<Report.StepLayer> layers = new ArrayList<>();
    for (LayerStepStats l : s.layers()) {
      Map<LayerStat, Double> values = new EnumMap<>(LayerStat.class);
      for (LayerStat stat : LayerStat.values()) values.put(stat, num(l.get(stat)));
      layers.add(new Report.StepLayer(l.layer(), values, l.pieceWins()));
    }
    return new Report.StepEntry(s.step(), num(s.loss()), num(s.accuracy()), layers);
  }
}
