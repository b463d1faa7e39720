package gradflow.layers;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A layer pass through points where the derivative jumps (a maximum, a ReLU at 0): which side of
 * them it is on. A finite difference taken across a kink cannot match any gradient, so the gradient
 * checker compares the patterns of its two perturbed passes and skips entries where they differ.
 */
public interface KinkPass extends LayerPass {
  /**
   * A hash of the side of every kink this pass is on: the winning piece of each Maxout unit, the
   * winner of each max-pool window, the sign of z under a ReLU-family activation. Equal for two
   * passes on the same side of every kink (and, barring a hash collision, different otherwise); 0
   * for a pass without kinks.
   */
  int kinkPattern();

  /** The hash of a 0/1 pattern (a one-hot mask, z > 0), entry by entry in buffer order. */
  static int hashOf(INDArray zeroOne) {
    return Arrays.hashCode(zeroOne.castTo(DataType.INT8).data().asBytes());
  }
}
