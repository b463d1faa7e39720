package gradflow.probe;

import gradflow.model.LayerInfo;
import gradflow.train.TrainingSummary;
import java.util.List;
import java.util.Map;

/**
 * A whole run reduced to numbers: what the checks judge and what the report shows.
 *
 * @param layers the layers, input side first
 * @param steps the logged steps in order
 * @param totalPieceWins per Maxout layer name, wins per [unit][piece] over every step of the run
 * @param zeroGradientParams qualified parameter names whose gradient was exactly 0 at every logged
 *     step
 * @param summary how training ended
 * @param gradNorms the global L2 norm of the whole gradient at every training step run (index =
 *     step, NaN or Inf where it was not finite); empty when the producer did not record it
 */
public record RunStats(
    List<LayerInfo> layers,
    List<StepStats> steps,
    Map<String, long[][]> totalPieceWins,
    List<String> zeroGradientParams,
    TrainingSummary summary,
    double[] gradNorms) {

  /** A run without a per-step gradient norm trace. */
  public RunStats(
      List<LayerInfo> layers,
      List<StepStats> steps,
      Map<String, long[][]> totalPieceWins,
      List<String> zeroGradientParams,
      TrainingSummary summary) {
    this(layers, steps, totalPieceWins, zeroGradientParams, summary, new double[0]);
  }

  /**
   * The input-most and output-most layers that carry a backpropagated signal (pooling, flatten and
   * dropout layers do not), as {first, last}; {-1, -1} when fewer than two do.
   */
  public int[] signalEnds() {
    return SignalRatios.ends(
        layers.size(),
        layer ->
            steps.stream()
                .anyMatch(
                    s -> !Double.isNaN(s.layers().get(layer).get(LayerStat.MEAN_ABS_SIGNAL))));
  }

  /** Index of a layer in {@link #layers} by name, or -1. */
  public int indexOf(String layer) {
    for (int i = 0; i < layers.size(); i++) if (layers.get(i).name().equals(layer)) return i;
    return -1;
  }
}
