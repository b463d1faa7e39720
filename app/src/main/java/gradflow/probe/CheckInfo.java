package gradflow.probe;

import gradflow.spec.Threshold;
import java.util.List;
import java.util.Map;

/**
 * What a check is, declared once beside its rule: the finding code it emits (one per check), the
 * severity it has by default and when it escalates, a one-line summary, and the thresholds it
 * reads. {@code gradflow checks}, {@code --disable} and the README's findings table come from this.
 *
 * @param code the stable finding code, such as VANISHING_GRADIENT
 * @param severity the severity a finding has unless {@code escalation} applies
 * @param escalation when the finding is an error instead, in words, or null
 * @param summary what the finding means, one sentence
 * @param thresholds the thresholds the rule reads (in the spec's thresholds: and --threshold)
 * @param reads the recorded statistics it judges, as docs/steps-format.md names them ("end": the
 *     footer); it can judge a steps file that records any one of them
 */
public record CheckInfo(
    String code,
    Severity severity,
    String escalation,
    String summary,
    List<Threshold> thresholds,
    List<String> reads) {

  /** A finding of this check's code. */
  Finding finding(
      Severity severity,
      String layer,
      String message,
      Map<String, Object> evidence,
      Map<String, Double> threshold,
      String remedy) {
    return new Finding(code, severity, layer, message, evidence, threshold, remedy);
  }
}
