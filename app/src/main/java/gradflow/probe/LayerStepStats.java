package gradflow.probe;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One layer's statistics at one logged step, by {@link LayerStat}; a statistic that is absent or
 * NaN does not apply to the layer.
 *
 * @param layer the layer's name
 * @param values the layer's value of each statistic
 * @param parameters per parameter name ("W", "b", "gamma"), its values of the {@link
 *     LayerStat.Scope#PARAMETER} statistics
 * @param saturation shares of activations below each level of {@link Saturation#LEVELS}, or null
 *     for an activation that cannot saturate
 * @param pieceWins Maxout wins per [unit][piece] in the window, or null
 */
public record LayerStepStats(
    String layer,
    Map<LayerStat, Double> values,
    Map<String, Map<LayerStat, Double>> parameters,
    double[] saturation,
    long[][] pieceWins) {

  public LayerStepStats {
    values = Collections.unmodifiableMap(copy(values));
    parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }

  private static EnumMap<LayerStat, Double> copy(Map<LayerStat, Double> values) {
    return values.isEmpty() ? new EnumMap<>(LayerStat.class) : new EnumMap<>(values);
  }

  /** The layer's value of {@code stat}, NaN when it does not apply. */
  public double get(LayerStat stat) {
    Double v = values.get(stat);
    return v == null ? Double.NaN : v;
  }
}
