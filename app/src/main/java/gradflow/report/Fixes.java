package gradflow.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * What {@code analyze --try-fixes} found: each candidate spec patch, run with the same seed and
 * steps as the original, and which of the original's error and warning findings it cured.
 *
 * @param rule how the best candidate was chosen, in words
 * @param before the original run
 * @param candidates in the order they were declared for the findings
 * @param best the best candidate's fix, or null when none cured a finding without new ones
 * @param notCured the original findings that no candidate cured
 * @param written where --write-fixed wrote the best candidate's spec, or null
 */
@JsonPropertyOrder({"rule", "before", "candidates", "best", "not_cured", "written"})
public record Fixes(
    String rule,
    Outcome before,
    List<Candidate> candidates,
    String best,
    List<Target> notCured,
    String written) {

  /** This section with the file --write-fixed wrote. */
  public Fixes withWritten(String file) {
    return new Fixes(rule, before, candidates, best, notCured, file);
  }

  /** An error or warning finding, by code and layer. */
  public record Target(String code, String layer, String severity) {
    @Override
    public String toString() {
      return code + " " + layer;
    }
  }

  /** A run's verdict and headline numbers. */
  public record Outcome(String status, Double signalRatio, Double testAccuracy) {}

  /**
   * One patched spec and how its run went.
   *
   * @param fix the patch as compare --sweep keys would write it ("activation=relu init=he_uniform")
   * @param change what it changes in the spec, in words
   * @param proposedFor the finding codes it was proposed for
   * @param cured the original findings it no longer has
   * @param remaining the original findings it still has
   * @param fresh error and warning findings the original did not have
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
