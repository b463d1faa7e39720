package gradflow.layers;

import java.util.Arrays;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** dL/d(input) and dL/d(parameter) for each parameter name, shaped like what they differentiate. */
public record Gradients(INDArray input, Map<String, INDArray> parameters) {

  /**
   * Checks that dL/d(output) is shaped like the output it differentiates, naming the layer and both
   * shapes otherwise: the first thing every {@link LayerPass#backwardInto} does.
   */
  public static void requireShape(String layer, INDArray gradOutput, INDArray output) {
    if (!Arrays.equals(gradOutput.shape(), output.shape()))
      throw new IllegalArgumentException(
          layer
              + ": gradient "
              + Arrays.toString(gradOutput.shape())
              + " does not match output "
              + Arrays.toString(output.shape()));
  }
}
