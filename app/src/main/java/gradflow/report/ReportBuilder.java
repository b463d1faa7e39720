package gradflow.report;

import gradflow.model.LayerInfo;
import gradflow.probe.Finding;
import gradflow.probe.LayerStepStats;
import gradflow.probe.RunStats;
import gradflow.probe.StepStats;
import gradflow.spec.Thresholds;
import java.util.ArrayList;
import java.util.Arrays;
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
    double[] grads = steps.stream().mapToDouble(s -> s.layers().get(i).meanAbsGrad()).toArray();
    double[] signals = steps.stream().mapToDouble(s -> s.layers().get(i).meanAbsSignal()).toArray();
    return new Report.LayerSummary(
        info.index(),
        info.name(),
        info.type(),
        info.activation().isEmpty() ? null : info.activation(),
        info.units(),
        info.pieces(),
        last == null ? null : num(last.meanAbsGrad()),
        num(median(grads)),
        last == null ? null : num(last.meanAbsGradBias()),
        last == null ? null : num(last.maxAbsGrad()),
        last == null ? null : num(last.gradL2()),
        last == null ? null : num(last.meanAbsWeight()),
        last == null ? null : num(last.updateRatio()),
        last == null ? null : num(last.meanAbsSignal()),
        num(median(signals)),
        last == null ? null : num(last.deadFraction()),
        last == null ? null : num(last.frozenFraction()),
        last == null ? null : num(last.saturatedFraction()),
        last == null ? null : num(last.meanDerivative()),
        last == null ? null : num(last.meanAbsActivation()),
        last == null ? null : num(last.routedShare()),
        last == null ? null : num(last.tiedWindowShare()),
        run.totalPieceWins().get(info.name()));
  }

  private static Report.SignalRatio signalRatio(RunStats run) {
    List<StepStats> steps = run.steps();
    int[] ends = run.signalEnds();
    double[] r = new double[steps.size()];
    for (int i = 0; i < r.length; i++) {
      List<LayerStepStats> l = steps.get(i).layers();
      r[i] =
          ends[0] < 0
              ? Double.NaN
              : l.get(ends[0]).meanAbsSignal() / l.get(ends[1]).meanAbsSignal();
    }
    double[] finite = Arrays.stream(r).filter(Double::isFinite).toArray();
    return new Report.SignalRatio(
        r.length == 0 ? null : num(r[r.length - 1]),
        num(median(finite)),
        finite.length == 0 ? null : Arrays.stream(finite).min().getAsDouble(),
        finite.length == 0 ? null : Arrays.stream(finite).max().getAsDouble());
  }

  static double median(double[] values) {
    double[] v = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
    if (v.length == 0) return Double.NaN;
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static Report.FindingEntry entry(Finding f) {
    Map<String, Object> evidence = new LinkedHashMap<>();
    f.evidence().forEach((k, v) -> evidence.put(k, v instanceof Double d ? num(d) : v));
    return new Report.FindingEntry(
        f.code(),
        f.severity().label(),
        f.layer(),
        f.message(),
        evidence,
        f.threshold(),
        f.remedy());
  }

  public static Report.StepEntry stepEntry(StepStats s) {
    List<Report.StepLayer> layers = new ArrayList<>();
    for (LayerStepStats l : s.layers())
      layers.add(
          new Report.StepLayer(
              l.layer(),
              num(l.meanAbsGrad()),
              num(l.meanAbsGradBias()),
              num(l.maxAbsGrad()),
              num(l.gradL2()),
              num(l.meanAbsWeight()),
              num(l.updateRatio()),
              num(l.meanAbsSignal()),
              num(l.deadFraction()),
              num(l.frozenFraction()),
              num(l.saturatedFraction()),
              num(l.meanDerivative()),
              num(l.meanAbsActivation()),
              num(l.routedShare()),
              num(l.tiedWindowShare()),
              l.pieceWins()));
    return new Report.StepEntry(s.step(), num(s.loss()), num(s.accuracy()), layers);
  }
}
