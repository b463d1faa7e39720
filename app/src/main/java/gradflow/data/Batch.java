package gradflow.data;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One mini-batch; its arrays are fresh, owned by the caller.
 *
 * @param x [b, features] float32 inputs
 * @param labels b class indices
 * @param oneHot [b, classes] float32, row i has a 1 at column labels[i]
 * @param epoch the 0-based epoch the batch was drawn in (0 for {@link BatchSampler#slice})
 */
public record Batch(INDArray x, int[] labels, INDArray oneHot, int epoch) {
  public int size() {
    return labels.length;
  }
}
