package gradflow.data;

import gradflow.data.NpyReader.Dtype;
import gradflow.data.NpyReader.NpyArray;
import gradflow.spec.NpySpec;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Loads {@code data: {npy: ...}}: x [N, ...] of float32, float64 or uint8 (becomes float32, one
 * flattened example per row), y either N integer labels (int8..int64, uint8..uint64, bool) or
 * one-hot rows [N, C] (exactly one 1 per row, the rest 0; C is then the class count).
 */
final class NpyLoader {
  private static final List<Dtype> INPUT_TYPES = List.of(Dtype.FLOAT32, Dtype.FLOAT64, Dtype.UINT8);

  private NpyLoader() {}

  /** The rows of each split and the classes the labels imply (the one-hot width, or max + 1). */
  static FileSets load(NpySpec spec, List<Integer> input) {
    int[] oneHotClasses = {-1};
    FileData.Rows train = rows(Path.of(spec.x()), Path.of(spec.y()), input, oneHotClasses);
    FileData.notEmpty(train.file(), train.n());
    FileData.Rows test =
        spec.testX() == null
            ? null
            : rows(Path.of(spec.testX()), Path.of(spec.testY()), input, oneHotClasses);
    int classes =
        oneHotClasses[0] > 0
            ? oneHotClasses[0]
            : FileData.classes(train.labels(), test == null ? new int[0] : test.labels());
    return new FileSets(train, test, classes, Path.of(spec.y()));
  }

  private static FileData.Rows rows(Path xFile, Path yFile, List<Integer> input, int[] oneHot) {
    NpyArray x = NpyReader.read(xFile);
    if (!INPUT_TYPES.contains(x.dtype())) {
      throw new DataException(
          xFile
              + ": inputs of dtype "
              + x.dtype().numpyName
              + " are not read; expected float32, float64 or uint8 (x.astype(np.float32))");
    }
    if (x.shape().length == 0) {
      throw new DataException(
          xFile + ": holds a single number (shape ()), expected examples of shape [N, ...]");
    }
    long n = x.shape()[0];
    long[] example = Arrays.copyOfRange(x.shape(), 1, x.shape().length);
    FileData.checkShape(xFile, example, n, input, "");
    NpyArray y = NpyReader.read(yFile);
    if (y.shape().length == 0) {
      throw new DataException(yFile + ": holds a single number (shape ()), expected labels [N]");
    }
    FileData.sameCount(xFile, n, yFile, y.shape()[0]);
    int count = (int) n; // the reader caps the bytes below 2 GiB
    int features = count == 0 ? 0 : (int) (x.length() / count);
    float[] values = new float[(int) x.length()];
    for (int i = 0; i < values.length; i++) values[i] = (float) x.get(i);
    FileData.requireFinite(xFile, values, Math.max(features, 1));
    int[] labels = labels(y, count, oneHot);
    return new FileData.Rows(xFile, values, count, features, labels);
  }

  private static int[] labels(NpyArray y, int n, int[] oneHot) {
    if (y.shape().length == 1) {
      if (y.dtype().isFloat()) {
        throw new DataException(
            y.file()
                + ": labels of dtype "
                + y.dtype().numpyName
                + ", expected integer class labels (int8..int64, uint8) or one-hot rows [N, C];"
                + " save y.astype(np.int64)");
      }
      int[] labels = new int[n];
      for (int i = 0; i < n; i++) labels[i] = FileData.label(y.get(i), y.file() + ": index " + i);
      return labels;
    }
    if (y.shape().length != 2) {
      throw new DataException(
          y.file()
              + ": labels have shape "
              + y.shapeText()
              + ", expected [N] (class indices) or [N, C] (one-hot)");
    }
    int c = (int) y.shape()[1];
    if (oneHot[0] > 0 && oneHot[0] != c) {
      throw new DataException(
          y.file() + ": one-hot labels have " + c + " columns, the training labels " + oneHot[0]);
    }
    oneHot[0] = c;
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) labels[i] = hot(y, i, c);
    return labels;
  }

  /** The column of row {@code i}'s single 1; anything else than one 1 and zeros is refused. */
  private static int hot(NpyArray y, int i, int c) {
    int hot = -1;
    for (int j = 0; j < c; j++) {
      double v = y.get(i * c + j);
      if (v == 1 && hot < 0) {
        hot = j;
      } else if (v != 0) {
        throw new DataException(
            String.format(
                "%s: row %d is not one-hot (%s at column %d); expected exactly one 1 and zeros"
                    + " in each of the %d columns",
                y.file(), i, v == 1 ? "a second 1" : FileData.format(v), j, c));
      }
    }
    if (hot < 0) {
      throw new DataException(
          String.format(
              "%s: row %d is all zeros; one-hot labels need exactly one 1 per row", y.file(), i));
    }
    return hot;
  }
}
