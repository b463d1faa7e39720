package gradflow.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
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
  "thresholds",
  "disabled_checks",
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
    Map<String, Double> thresholds,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> disabledChecks,
    List<StepEntry> steps) {

  public static final String SCHEMA = "gradflow.report/1";

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

  /** A layer with its final logged statistics and run medians. */
  public record LayerSummary(
      int index,
      String name,
      String type,
      String activation,
      int units,
      int pieces,
      Double meanAbsGrad,
      Double meanAbsGradMedian,
      Double meanAbsGradBias,
      Double maxAbsGrad,
      Double gradL2,
      Double meanAbsWeight,
      Double updateRatio,
      Double meanAbsSignal,
      Double meanAbsSignalMedian,
      Double deadFraction,
      Double frozenFraction,
      Double saturatedFraction,
      Double meanDerivative,
      Double meanAbsActivation,
      Double routedShare,
      Double tiedWindowShare,
      @JsonInclude(JsonInclude.Include.NON_NULL) long[][] pieceWinCount) {}

  public record FindingEntry(
      String code,
      String severity,
      String layer,
      String message,
      Map<String, Object> evidence,
      Map<String, Double> threshold,
      String remedy) {}

  public record StepEntry(int step, Double loss, Double accuracy, List<StepLayer> layers) {}

  public record StepLayer(
      String name,
      Double meanAbsGrad,
      Double meanAbsGradBias,
      Double maxAbsGrad,
      Double gradL2,
      Double meanAbsWeight,
      Double updateRatio,
      Double meanAbsSignal,
      Double deadFraction,
      Double frozenFraction,
      Double saturatedFraction,
      Double meanDerivative,
      Double meanAbsActivation,
      Double routedShare,
      Double tiedWindowShare,
      @JsonInclude(JsonInclude.Include.NON_NULL) long[][] pieceWinCount) {}
}
