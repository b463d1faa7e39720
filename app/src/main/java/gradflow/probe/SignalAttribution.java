package gradflow.probe;

import gradflow.model.LayerInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where a signal-ratio episode's loss (or gain) of dL/dz happened: each signal layer's median
 * {@link LayerStat#WEIGHT_FACTOR} and {@link LayerStat#ACTIVATION_FACTOR} over the episode, their
 * geometric mean over the layers (the typical factor of one layer), and a sentence naming the side
 * that carried it. Built only from recorded factors: steps from a producer that does not record
 * them (PyTorch, older logs) get none, and the finding just says nothing about it.
 *
 * @param from the input-most attributed layer
 * @param to the output-most attributed layer (the one below the last signal layer)
 * @param derivative "sigmoid'(z)" when the attributed layers share an activation, else "f'(z)"
 * @param weightFactor geometric mean over the attributed layers of their median weight factor
 * @param activationFactor the same for the activation factor
 * @param meanDerivative mean over the attributed layers of their median mean f'(z); NaN when none
 *     has one (Maxout)
 * @param weightByLayer median weight factor per layer of the run, input side first, NaN where none
 * @param activationByLayer the same for the activation factor
 */
record SignalAttribution(
    String from,
    String to,
    String derivative,
    double weightFactor,
    double activationFactor,
    double meanDerivative,
    List<Double> weightByLayer,
    List<Double> activationByLayer) {

  /** The split over logged steps {@code fromIndex..toIndex}; null when no factor was recorded. */
  static SignalAttribution of(RunStats run, int fromIndex, int toIndex) {
    int[] ends = run.signalEnds();
    List<Double> weights =
        SignalRatios.layerMedians(run, LayerStat.WEIGHT_FACTOR, fromIndex, toIndex);
    List<Double> activations =
        SignalRatios.layerMedians(run, LayerStat.ACTIVATION_FACTOR, fromIndex, toIndex);
    List<Double> derivatives =
        SignalRatios.layerMedians(run, LayerStat.MEAN_DERIVATIVE, fromIndex, toIndex);
    List<Integer> attributed = new ArrayList<>();
    for (int i = ends[0]; i < ends[1]; i++)
      if (Double.isFinite(weights.get(i)) && Double.isFinite(activations.get(i))) attributed.add(i);
    if (attributed.isEmpty()) return null;
    double logWeight = 0;
    double logActivation = 0;
    double derivativeSum = 0;
    int withDerivative = 0;
    for (int i : attributed) {
      logWeight += Math.log(weights.get(i));
      logActivation += Math.log(activations.get(i));
      if (Double.isFinite(derivatives.get(i))) {
        derivativeSum += derivatives.get(i);
        withDerivative++;
      }
    }
    List<LayerInfo> layers = run.layers();
    return new SignalAttribution(
        layers.get(attributed.get(0)).name(),
        layers.get(attributed.get(attributed.size() - 1)).name(),
        derivativeName(attributed.stream().map(i -> layers.get(i).activation()).toList()),
        Math.exp(logWeight / attributed.size()),
        Math.exp(logActivation / attributed.size()),
        withDerivative == 0 ? Double.NaN : derivativeSum / withDerivative,
        weights,
        activations);
  }

  /** True when the activation derivatives carried more of the change than the weights. */
  boolean activationSide(boolean vanishing) {
    return vanishing ? activationFactor < weightFactor : activationFactor > weightFactor;
  }

  /**
   * "dense_1..dense_5 lose 4.3x each through sigmoid'(z), mean f' 0.21; the weights above them pass
   * the signal at 0.93x", or the weights named first when they carried more of it.
   */
  String sentence(boolean vanishing) {
    boolean one = from.equals(to);
    String layers = one ? from : from + ".." + to;
    String verb = (vanishing ? " lose" : " gain") + (one ? "s " : " ");
    String above = " the weights above " + (one ? "it" : "them");
    String mean = Double.isNaN(meanDerivative) ? "" : ", mean f' " + Numbers.format(meanDerivative);
    if (activationSide(vanishing))
      return layers
          + change(verb, activationFactor, one)
          + " through "
          + derivative
          + mean
          + ";"
          + above
          + " pass the signal at "
          + Numbers.format(weightFactor)
          + "x";
    return layers
        + change(verb, weightFactor, one)
        + " through"
        + above
        + "; "
        + derivative
        + " passes the signal at "
        + Numbers.format(activationFactor)
        + "x"
        + mean;
  }

  /** The split's numbers under their evidence keys. */
  void addEvidence(Map<String, Object> evidence, boolean vanishing) {
    evidence.put("weight_factor_per_layer", weightFactor);
    evidence.put("activation_factor_per_layer", activationFactor);
    evidence.put("attributed_to", activationSide(vanishing) ? "activation_derivatives" : "weights");
    evidence.put("weight_factor_by_layer", weightByLayer);
    evidence.put("activation_factor_by_layer", activationByLayer);
  }

  /** " lose 4.3x each", or " pass no signal" for a factor of 0 (not "infinitely"). */
  private static String change(String verb, double factor, boolean one) {
    if (factor == 0) return one ? " passes no signal" : " pass no signal";
    return verb + Numbers.factor(factor) + (one ? "" : " each");
  }

  private static String derivativeName(List<String> activations) {
    String first = activations.get(0);
    boolean shared = !first.isEmpty() && activations.stream().allMatch(first::equals);
    return (shared ? first : "f") + "'(z)";
  }
}
