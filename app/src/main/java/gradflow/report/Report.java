package gradflow.report;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import gradflow.probe.LayerStat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole analysis as plain values, serialised with snake_case keys as schema {@value #SCHEMA}.
 * Numbers that do not apply (or were not finite) are null.
 */
@JsonPropertyOrder({
  "schema",
  "status",
  "name",
  "fail_on",
  "provenance",
  "training",
  "non_finite",
  "signal_ratio",
  "layers",
  "findings",
  "baseline",
  "thresholds",
  "disabled_checks",
  "checks_not_run",
  "fixes",
  "steps"
})
public record Report(
    String schema,
    String status,
    String name,
    String failOn,
    Provenance provenance,
    Training training,
    NonFinite nonFinite,
    SignalRatio signalRatio,
    List<LayerSummary> layers,
    List<FindingEntry> findings,
    @JsonInclude(JsonInclude.Include.NON_NULL) BaselineDiff baseline,
    Map<String, Double> thresholds,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> disabledChecks,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<CheckNotRun> checksNotRun,
    @JsonInclude(JsonInclude.Include.NON_NULL) Fixes fixes,
    List<StepEntry> steps) {

  public static final String SCHEMA = "gradflow.report/1";

  /** A report of a run judged without a baseline. */
  public Report(
      String schema,
      String status,
      String name,
      String failOn,
      Provenance provenance,
      Training training,
      NonFinite nonFinite,
      SignalRatio signalRatio,
      List<LayerSummary> layers,
      List<FindingEntry> findings,
      Map<String, Double> thresholds,
      List<String> disabledChecks,
      List<StepEntry> steps) {
    this(
        schema,
        status,
        name,
        failOn,
        provenance,
        training,
        nonFinite,
        signalRatio,
        layers,
        findings,
        null,
        thresholds,
        disabledChecks,
        List.of(),
        null,
        steps);
  }

  /** This report with the comparison against {@code --baseline} (null: none). */
  public Report withBaseline(BaselineDiff diff) {
    return new Report(
        schema,
        status,
        name,
        failOn,
        provenance,
        training,
        nonFinite,
        signalRatio,
        layers,
        findings,
        diff,
        thresholds,
        disabledChecks,
        checksNotRun,
        fixes,
        steps);
  }

  /** A check that could not judge the run, because the statistics it reads were not recorded. */
  public record CheckNotRun(String code, String reason) {}

  /** This report, listing the checks that could not run. */
  public Report withChecksNotRun(List<CheckNotRun> notRun) {
    return new Report(
        schema,
        status,
        name,
        failOn,
        provenance,
        training,
        nonFinite,
        signalRatio,
        layers,
        findings,
        baseline,
        thresholds,
        disabledChecks,
        notRun,
        fixes,
        steps);
  }

  /** This report with what --try-fixes found (null: not asked). */
  public Report withFixes(Fixes tried) {
    return new Report(
        schema,
        status,
        name,
        failOn,
        provenance,
        training,
        nonFinite,
        signalRatio,
        layers,
        findings,
        baseline,
        thresholds,
        disabledChecks,
        checksNotRun,
        tried,
        steps);
  }

  /** True when the finding of {@code code} at {@code layer} was in the baseline. */
  public boolean isKnown(String code, String layer) {
    return baseline != null
        && baseline.known().stream()
            .anyMatch(k -> k.code().equals(code) && k.layer().equals(layer));
  }

  /**
   * The run against {@code --baseline FILE}: findings it did not have (a new one at or above
   * fail_on is a regression and fails the gate), findings it had (known, they do not fail it), its
   * findings this run no longer has (fixed), and the two ratios against the baseline's (one further
   * from 1 than the baseline's by more than {@code tolerance} is a regression too).
   */
  @JsonPropertyOrder({"file", "tolerance", "new", "known", "fixed", "ratios"})
  public record BaselineDiff(
      String file,
      double tolerance,
      @JsonProperty("new") List<BaselineFinding> fresh,
      List<BaselineFinding> known,
      List<BaselineFinding> fixed,
      List<RatioChange> ratios) {

    /** The new findings at or above {@code failOn} ("warn"; "never": none): regressions. */
    public List<BaselineFinding> regressions(String failOn) {
      List<String> order = List.of("info", "warn", "error");
      int level = order.indexOf(failOn);
      if (level < 0) return List.of();
      return fresh.stream().filter(f -> order.indexOf(f.severity()) >= level).toList();
    }

    /** The ratios that got worse by more than the tolerance; none when {@code failOn} is never. */
    public List<RatioChange> ratioRegressions(String failOn) {
      if ("never".equals(failOn)) return List.of();
      return ratios.stream().filter(RatioChange::regression).toList();
    }

    /** Every regression: new findings that fail the gate and ratios that got worse. */
    public int regressionCount(String failOn) {
      return regressions(failOn).size() + ratioRegressions(failOn).size();
    }

    /** "N new (R regressions), K known, F fixed", and the ratios that regressed. */
    public String counts(String failOn) {
      int r = regressions(failOn).size();
      int ratio = ratioRegressions(failOn).size();
      return String.format(
          "%d new (%d regression%s), %d known, %d fixed%s",
          fresh.size(),
          r,
          r == 1 ? "" : "s",
          known.size(),
          fixed.size(),
          ratio == 0 ? "" : String.format("; %d ratio regression%s", ratio, ratio == 1 ? "" : "s"));
    }
  }

  /**
   * One ratio of the run against the baseline's.
   *
   * @param ratio the report field it is: signal_ratio (its median) or grad_ratio
   * @param baseline the baseline's value, null where it had none
   * @param current this run's value, null where it has none
   * @param worseBy how many times further from 1 this run's ratio is than the baseline's (below 1:
   *     closer); null when either is missing
   * @param regression true when worse_by is above the tolerance
   */
  @JsonPropertyOrder({"ratio", "baseline", "current", "worse_by", "regression"})
  public record RatioChange(
      String ratio, Double baseline, Double current, Double worseBy, boolean regression) {}

  /** A finding as the baseline compares it: code and layer, and its severity. */
  public record BaselineFinding(String code, String layer, String severity) {}

  /** Where the numbers came from; golden tests ignore this block. */
  public record Provenance(
      String gradflowVersion,
      String specFile,
      String specSha256,
      long seed,
      String backend,
      String dataType,
      String javaVersion,
      String os,
      String arch) {}

  public record Training(
      int stepsPlanned,
      int stepsRun,
      int batch,
      int logEvery,
      String data,
      int trainExamples,
      Integer testExamples,
      Double finalLoss,
      Double finalAccuracy,
      Double testAccuracy,
      Double testLoss,
      Double firstStepSeconds,
      Double trainSeconds) {}

  public record NonFinite(int step, String layer, String where) {}

  /** mean |dL/dz| at the first layer over that at the last, at the last logged step and median. */
  public record SignalRatio(Double finalRatio, Double median, Double min, Double max) {}

  /**
   * A layer with its final logged statistics and run medians: each {@link LayerStat} under its key,
   * followed by its median under {@code KEY_median} where it is summarised by both.
   *
   * @param last the last logged value of each statistic, null where it does not apply
   * @param median the run median of each statistic that has one
   * @param parameters per parameter name ("W", "b", "gamma"), its {@link LayerStat.Scope#PARAMETER}
   *     statistics as JSON members (last value, and median where summarised by both); written as
   *     {@code parameters} after the layer's statistics, left out for a layer without parameters
   */
  @JsonPropertyOrder({"index", "name", "type", "activation", "units", "pieces"})
  public record LayerSummary(
      int index,
      String name,
      String type,
      String activation,
      int units,
      int pieces,
      @JsonIgnore Map<LayerStat, Double> last,
      @JsonIgnore Map<LayerStat, Double> median,
      @JsonIgnore long[][] pieceWinCount,
      @JsonIgnore Map<String, Map<String, Double>> parameters) {

    /** The last logged value of {@code stat}, null where it does not apply. */
    public Double last(LayerStat stat) {
      return last.get(stat);
    }

    /** The run median of {@code stat}, null where it does not apply. */
    public Double median(LayerStat stat) {
      return median.get(stat);
    }

    /** The statistics as JSON members, in registry order, then the piece wins of a Maxout layer. */
    @JsonAnyGetter
    Map<String, Object> statistics() {
      Map<String, Object> out = new LinkedHashMap<>();
      for (LayerStat stat : LayerStat.values()) {
        out.put(stat.key(), last.get(stat));
        if (stat.hasMedian()) out.put(stat.medianKey(), median.get(stat));
      }
      if (pieceWinCount != null) out.put("piece_win_count", pieceWinCount);
      if (parameters != null && !parameters.isEmpty()) out.put("parameters", parameters);
      return out;
    }
  }

  public record FindingEntry(
      String code,
      String severity,
      String layer,
      String message,
      Map<String, Object> evidence,
      Map<String, Double> threshold,
      String remedy) {}

  public record StepEntry(int step, Double loss, Double accuracy, List<StepLayer> layers) {}

  /**
   * One layer at one logged step: each {@link LayerStat} under its key, null where it does not
   * apply.
   */
  public record StepLayer(
      String name, @JsonIgnore Map<LayerStat, Double> values, @JsonIgnore long[][] pieceWinCount) {

    public Double get(LayerStat stat) {
      return values.get(stat);
    }

    @JsonAnyGetter
    Map<String, Object> statistics() {
      Map<String, Object> out = new LinkedHashMap<>();
      for (LayerStat stat : LayerStat.values()) out.put(stat.key(), values.get(stat));
      if (pieceWinCount != null) out.put("piece_win_count", pieceWinCount);
      return out;
    }
  }
}
