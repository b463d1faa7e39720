package gradflow.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * NumPy {@code .npy} arrays: {@code x} [N, ...] (float32, float64 or uint8) and {@code y}, N
 * integer class labels or one-hot rows [N, C]; {@code testX} and {@code testY} (both or neither,
 * null when absent) the same for a test set. Paths are resolved against the spec's folder.
 */
public record NpySpec(String x, String y, String testX, String testY, ScalingSpec scaling)
    implements DataSpec {
  public NpySpec {
    if (x == null || y == null) throw new IllegalArgumentException("x and y are required");
    if ((testX == null) != (testY == null))
      throw new IllegalArgumentException("test_x and test_y go together");
    if (scaling == null) scaling = ScalingSpec.NONE;
  }

  @Override
  public List<String> files() {
    List<String> files = new ArrayList<>(List.of(x, y));
    if (testX != null) files.addAll(List.of(testX, testY));
    return files;
  }
}
