package gradflow.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * Several analyses side by side, serialised with snake_case keys as schema {@value #SCHEMA}.
 * Variants keep the order they were given in; a group gathers the variants that differ only by
 * seed. Numbers that do not apply (or were not finite) are null.
 */
@JsonPropertyOrder({"schema", "status", "exit_code", "fail_on", "variants", "groups"})
public record Comparison(
    String schema,
    String status,
    int exitCode,
    String failOn,
    List<Variant> variants,
    List<Group> groups) {

  public static final String SCHEMA = "gradflow.compare/1";

  /**
   * One analysed variant.
   *
   * @param sweep the swept fields and their values, in --sweep order (seed last)
   * @param gradRatio mean |dL/dW| median of the first layer with weights over that of the last
   * @param signalRatio the report's signal_ratio.median: mean |dL/dz| at the first layer over the
   *     last
   * @param baseline the variant against --baseline, or null without one
   */
  @JsonPropertyOrder({
    "index",
    "name",
    "group",
    "spec_file",
    "spec_sha256",
    "sweep",
    "seed",
    "status",
    "exit_code",
    "layers",
    "grad_ratio",
    "signal_ratio",
    "test_accuracy",
    "final_loss",
    "findings",
    "baseline"
  })
  public record Variant(
      int index,
      String name,
      int group,
      String specFile,
      String specSha256,
      Map<String, String> sweep,
      long seed,
      String status,
      int exitCode,
      List<Layer> layers,
      Double gradRatio,
      Double signalRatio,
      Double testAccuracy,
      Double finalLoss,
      List<FindingRef> findings,
      @JsonInclude(JsonInclude.Include.NON_NULL) Report.BaselineDiff baseline) {}

  /** A layer's medians over the logged steps of one run. */
  public record Layer(
      int index, String name, String type, Double meanAbsGradMedian, Double meanAbsSignalMedian) {}

  public record FindingRef(String code, String severity, String layer) {}

  /**
   * Variants that differ only by seed, with the median and range of each number across them.
   *
   * @param variants indices into {@link Comparison#variants}
   */
  @JsonPropertyOrder({
    "index",
    "name",
    "variants",
    "seeds",
    "failed",
    "layers",
    "grad_ratio",
    "signal_ratio",
    "test_accuracy",
    "findings"
  })
  public record Group(
      int index,
      String name,
      List<Integer> variants,
      List<Long> seeds,
      int failed,
      List<GroupLayer> layers,
      Stat gradRatio,
      Stat signalRatio,
      Stat testAccuracy,
      List<CodeCount> findings) {}

  public record GroupLayer(
      int index, String name, Stat meanAbsGradMedian, Stat meanAbsSignalMedian) {}

  /** Median, min and max over the {@code n} variants where the number was present. */
  public record Stat(Double median, Double min, Double max, int n) {}

  /** How many of a group's variants have a finding with this code. */
  public record CodeCount(String code, String severity, int variants) {}
}
