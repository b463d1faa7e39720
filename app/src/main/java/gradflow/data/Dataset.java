package gradflow.data;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Labelled examples held in memory.
 *
 * @param features [n, features] float32, one flattened example per row (images row-major)
 * @param labels n class indices in [0, classes)
 * @param classes number of classes
 */
public record Dataset(INDArray features, int[] labels, int classes) {
  public Dataset {
    if (features.rank() != 2 || features.rows() != labels.length)
      throw new IllegalArgumentException(
          "features must be [n, f] with n = labels.length, found "
              + java.util.Arrays.toString(features.shape())
              + " and "
              + labels.length
              + " labels");
  }

  public int size() {
    return labels.length;
  }
}
