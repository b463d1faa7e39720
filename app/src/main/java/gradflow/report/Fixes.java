package gradflow.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * What {@code analyze --try-fixes} found: each candidate spec patch, run with the same seeds and
 * steps as the original, and which of the original's error and warning findings it cured.
 *
 * @param rule how the best candidate was chosen, in words
 * @param seeds the seeds every candidate ran with: the run's own, then the rest of --seeds N
 * @param before the original run, with the original spec on the other seeds
 * @param candidates in the order they were declared for the findings
 * @param best the best candidate's fix, or null when none cured a finding without new ones
 * @param notCured the original findings that no candidate cured
 * @param written where --write-fixed wrote the best candidate's spec, or null
 */
@JsonPropertyOrder({"rule", "seeds", "before", "candidates", "best", "not_cured", "written"})
public record Fixes(
    String rule,
    List<Long> seeds,
    Outcome before,
    List<Candidate> candidates,
    String best,
    List<Target> notCured,
    String written) {

  /** This section with the file --write-fixed wrote. */
  public Fixes withWritten(String file) {
    return new Fixes(rule, seeds, before, candidates, best, notCured, file);
  }

  /** An error or warning finding, by code and layer. */
  public record Target(String code, String layer, String severity) {
    @Override
    public String toString() {
      return code + " " + layer;
    }
  }

  /**
   * A run's verdict and headline numbers, or over several seeds: the worst verdict and the medians,
   * with each seed's run in {@code perSeed} (in the order of {@link #seeds}; empty for one seed).
   */
  @JsonPropertyOrder({"status", "signal_ratio", "test_accuracy", "per_seed"})
  public record Outcome(
      String status,
      Double signalRatio,
      Double testAccuracy,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Outcome> perSeed) {
    /** One run's outcome. */
    public Outcome(String status, Double signalRatio, Double testAccuracy) {
      this(status, signalRatio, testAccuracy, List.of());
    }
  }

  /**
   * One patched spec and how its run went.
   *
   * @param fix the patch as compare --sweep keys would write it ("activation=relu init=he_uniform")
   * @param change what it changes in the spec, in words
   * @param proposedFor the finding codes it was proposed for
   * @param cured the original findings it no longer has, on any seed
   * @param remaining the original findings it still has on at least one seed
   * @param fresh error and warning findings the original did not have, on at least one seed
   */
  @JsonPropertyOrder({
    "fix",
    "change",
    "proposed_for",
    "outcome",
    "cured",
    "remaining",
    "new",
    "best"
  })
  public record Candidate(
      String fix,
      String change,
      List<String> proposedFor,
      Outcome outcome,
      List<Target> cured,
      List<Target> remaining,
      @JsonProperty("new") List<Target> fresh,
      boolean best) {}
}
