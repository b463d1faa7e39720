package gradflow.data;

import gradflow.nd.HostArrays;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * What the file loaders share: one example's shape checked against the spec's {@code input}, class
 * labels checked and counted, and flattened values turned into a {@link Dataset}.
 */
final class FileData {
  /** Values of one split before scaling: {@code n} rows of {@code features} values, row-major. */
  record Rows(Path file, float[] values, int n, int features, int[] labels) {}

  private FileData() {}

  /**
   * Throws unless {@code example} (one example's shape, as in the file) fits {@code input}: equal,
   * equal once leading 1s are dropped ([28, 28] for [1, 28, 28]), or any shape with as many values
   * when {@code input} is flat ([784] takes [28, 28], row-major).
   */
  static void checkShape(Path file, long[] example, long n, List<Integer> input, String fix) {
    long[] want = input.stream().mapToLong(Integer::longValue).toArray();
    long size = 1;
    for (long d : example) size *= d;
    boolean fits =
        Arrays.equals(example, want)
            || Arrays.equals(dropOnes(example), dropOnes(want))
            || (want.length == 1 && size == want[0]);
    if (!fits) {
      long[] whole = new long[example.length + 1];
      whole[0] = n;
      System.arraycopy(example, 0, whole, 1, example.length);
      throw new DataException(
          String.format(
              "%s: each example has shape %s (the file holds %s), but the spec's input is %s;"
                  + " set input: %s%s",
              file,
              Arrays.toString(example),
              Arrays.toString(whole),
              input,
              example.length == 0 ? "[1]" : Arrays.toString(example),
              fix));
    }
  }

  private static long[] dropOnes(long[] shape) {
    int i = 0;
    while (i < shape.length && shape[i] == 1) i++;
    return Arrays.copyOfRange(shape, i, shape.length);
  }

  /** A class label from a number, refused unless a whole number >= 0 (and below 2^31). */
  static int label(double value, String where) {
    if (!(value >= 0) || value != Math.rint(value) || value > Integer.MAX_VALUE - 1) {
      throw new DataException(
          where
              + ": label "
              + format(value)
              + " is not a class index; labels must be whole numbers 0, 1, ... (one per class)");
    }
    return (int) value;
  }

  static String format(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  /** The number of classes the labels imply: the largest label + 1. */
  static int classes(int[]... labelSets) {
    int max = -1;
    for (int[] labels : labelSets) for (int l : labels) max = Math.max(max, l);
    return max + 1;
  }

  /** Throws unless {@code values} are all finite, naming the first that is not. */
  static void requireFinite(Path file, float[] values, int features) {
    for (int i = 0; i < values.length; i++) {
      if (!Float.isFinite(values[i])) {
        throw new DataException(
            String.format(
                "%s: example %d, feature %d is %s; the inputs must be finite numbers"
                    + " (replace or drop missing values first)",
                file, i / features, i % features, values[i]));
      }
    }
  }

  static Dataset dataset(Rows rows, int classes) {
    return new Dataset(
        HostArrays.of(rows.values(), rows.n(), rows.features()), rows.labels(), classes);
  }

  /** Checks that the {@code n} for inputs and labels agree. */
  static void sameCount(Path xFile, long xCount, Path yFile, long yCount) {
    if (xCount != yCount) {
      throw new DataException(
          String.format(
              "%s has %d examples but %s has %d labels; they must have one label per example",
              xFile, xCount, yFile, yCount));
    }
  }

  /** Refuses an empty training set. */
  static void notEmpty(Path file, int n) {
    if (n == 0) throw new DataException(file + ": holds no examples; expected at least one");
  }
}
