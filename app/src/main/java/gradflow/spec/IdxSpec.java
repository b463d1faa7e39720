package gradflow.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * IDX files of unsigned bytes (the MNIST format, raw or gzipped) of any shape and class count:
 * images [N, ...] and labels [N]; the test pair is optional (both or neither, null when absent).
 * Unlike {@link MnistSpec} the pixels are not scaled unless {@code scaling} says so.
 */
public record IdxSpec(
    String trainImages,
    String trainLabels,
    String testImages,
    String testLabels,
    ScalingSpec scaling)
    implements DataSpec {
  public IdxSpec {
    if (trainImages == null || trainLabels == null)
      throw new IllegalArgumentException("train_images and train_labels are required");
    if ((testImages == null) != (testLabels == null))
      throw new IllegalArgumentException("test_images and test_labels go together");
    if (scaling == null) scaling = ScalingSpec.NONE;
  }

  @Override
  public List<String> files() {
    List<String> files = new ArrayList<>(List.of(trainImages, trainLabels));
    if (testImages != null) files.addAll(List.of(testImages, testLabels));
    return files;
  }
}
