package gradflow.data;

import gradflow.spec.MnistSpec;
import gradflow.text.FileKind;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Loads MNIST from the four IDX files of the original distribution, each raw or gzipped ({@code
 * .gz}; the raw file wins when both exist). The training files are required; the test files are
 * optional as a pair, so a directory holding only training data still works.
 *
 * <p>Pixels become float32 in [0, 1] ({@code byte / 255}), one 784-value row per image in file
 * order (row-major); 10 classes.
 */
public final class MnistLoader {
  public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
  public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
  public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
  public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
  public static final int ROWS = 28;
  public static final int COLUMNS = 28;
  public static final int PIXELS = ROWS * COLUMNS;
  public static final int CLASSES = 10;

  private static final String HINT =
      "hint: run scripts/fetch-mnist.sh to download MNIST into data/mnist, or point --data-dir"
          + " at a directory holding the IDX files";

  private MnistLoader() {}

  /** Loads the training set (offset and count applied) and, if present, the test set. */
  public static DataSplit load(MnistSpec spec) {
    Path dir = Path.of(spec.dir());
    checkDirectory(dir);
    Path trainImages = require(dir, TRAIN_IMAGES);
    Path trainLabels = require(dir, TRAIN_LABELS);
    Dataset train =
        read(trainImages, trainLabels, spec.trainOffset(), spec.trainCount(), "train_offset");

    Path testImages = find(dir, TEST_IMAGES);
    Path testLabels = find(dir, TEST_LABELS);
    if (testImages == null && testLabels == null) {
      if (spec.testCount() > 0) {
        throw new DataException(
            String.format(
                "test_count is %d but '%s' has no test files (%s[.gz], %s[.gz]);"
                    + " add them or set test_count to 0",
                spec.testCount(), dir, TEST_IMAGES, TEST_LABELS));
      }
      return new DataSplit(train, null);
    }
    if (testImages == null || testLabels == null) {
      String missing = testImages == null ? TEST_IMAGES : TEST_LABELS;
      String present = testImages == null ? testLabels.toString() : testImages.toString();
      throw new DataException(
          "MNIST test set is incomplete: found "
              + present
              + " but not "
              + dir.resolve(missing)
              + "[.gz]; add the missing file or remove both test files; "
              + HINT);
    }
    Dataset test = read(testImages, testLabels, 0, spec.testCount(), null);
    return new DataSplit(train, test);
  }

  private static void checkDirectory(Path dir) {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(dir, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new DataException("MNIST directory '" + dir + "' does not exist; " + lookedFor(dir));
    } catch (IOException e) {
      throw DataFiles.failure(dir, e);
    }
    if (!attributes.isDirectory()) {
      throw new DataException(
          "MNIST directory '"
              + dir
              + "' is "
              + FileKind.of(dir)
              + ", not a directory; "
              + lookedFor(dir));
    }
  }

  /**
   * The raw file if anything is there, else the {@code .gz} one, else null. A raw name that is a
   * FIFO, a folder or a broken link is returned, not passed over, so the reader can name it.
   */
  static Path find(Path dir, String name) {
    Path raw = dir.resolve(name);
    if (present(dir, raw)) {
      return raw;
    }
    Path gz = dir.resolve(name + ".gz");
    return present(dir, gz) ? gz : null;
  }

  private static boolean present(Path dir, Path file) {
    try {
      return DataFiles.present(file);
    } catch (DataException e) {
      if (e.getCause() instanceof AccessDeniedException) {
        // stat of an entry fails only when the folder itself cannot be searched
        throw new DataException(
            "MNIST directory '"
                + dir
                + "': permission denied; make it readable (chmod u+rx) or point --data-dir at a"
                + " folder you can read",
            e.getCause());
      }
      throw e;
    }
  }

  private static Path require(Path dir, String name) {
    Path file = find(dir, name);
    if (file == null) {
      throw new DataException(
          "MNIST file " + dir.resolve(name) + "[.gz] not found; " + lookedFor(dir));
    }
    return file;
  }

  private static String lookedFor(Path dir) {
    return String.format(
        "looked in '%s' for %s, %s (required) and %s, %s (optional), each raw or .gz; %s",
        dir, TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS, HINT);
  }

  /**
   * Reads one images/labels pair and keeps {@code count} examples from {@code offset} (count 0 =
   * all that remain). {@code offsetName} is the spec key for the offset, or null if there is none.
   */
  private static Dataset read(
      Path imagesFile, Path labelsFile, int offset, int count, String offsetName) {
    IdxReader.IdxData images = IdxReader.readImages(imagesFile);
    IdxReader.IdxData labels = IdxReader.readLabels(labelsFile);
    checkImageSize(images);
    int n = images.count();
    if (labels.count() != n) {
      throw new DataException(
          String.format(
              "MNIST image and label counts differ: %s has %d images, %s has %d labels;"
                  + " the files come from different sets, download them again",
              imagesFile, n, labelsFile, labels.count()));
    }
    int[] allLabels = checkLabels(labels);
    int take = selectCount(imagesFile, n, offset, count, offsetName);
    int[] kept = Arrays.copyOfRange(allLabels, offset, offset + take);
    return new Dataset(pixels(images.data(), offset, take), kept, CLASSES);
  }

  private static void checkImageSize(IdxReader.IdxData images) {
    int[] dims = images.dims();
    if (dims[1] != ROWS || dims[2] != COLUMNS) {
      throw new DataException(
          String.format(
              "%s: images are %dx%d, MNIST images are %dx%d",
              images.file(), dims[1], dims[2], ROWS, COLUMNS));
    }
  }

  /** All labels of the file, checked: a value outside 0..9 means the file is not MNIST labels. */
  private static int[] checkLabels(IdxReader.IdxData labels) {
    byte[] data = labels.data();
    int[] result = new int[data.length];
    for (int i = 0; i < data.length; i++) {
      result[i] = data[i] & 0xFF;
      if (result[i] >= CLASSES) {
        throw new DataException(
            String.format(
                "%s: label %d at index %d is outside 0..9; this is not an MNIST label file",
                labels.file(), result[i], i));
      }
    }
    return result;
  }

  private static int selectCount(Path file, int n, int offset, int count, String offsetName) {
    if (n == 0) {
      throw new DataException(file + ": the file holds no images; download it again");
    }
    if (offset >= n) {
      throw new DataException(
          String.format(
              "%s %d is beyond %s, which has %d images; use an offset below %d",
              offsetName, offset, file, n, n));
    }
    int available = n - offset;
    if (count > available) {
      String countName = offsetName == null ? "test_count" : "train_count";
      String from = offset == 0 ? "" : " from offset " + offset;
      throw new DataException(
          String.format(
              "%s %d is more than the %d images %s has%s; use at most %d, or 0 for all",
              countName, count, available, file, from, available));
    }
    return count == 0 ? available : count;
  }

  /**
   * The images as [count, 784] floats in [0, 1], converted a block at a time straight into the
   * off-heap array, so no heap copy of all of them (188 MB for full MNIST) is ever held.
   */
  private static INDArray pixels(byte[] data, int offset, int count) {
    INDArray x = Nd4j.createUninitialized(DataType.FLOAT, new long[] {count, PIXELS}, 'c');
    FloatBuffer into = x.data().asNioFloat();
    float[] block = new float[256 * PIXELS];
    int start = offset * PIXELS;
    int length = count * PIXELS;
    for (int from = 0; from < length; from += block.length) {
      int len = Math.min(block.length, length - from);
      for (int i = 0; i < len; i++) block[i] = (data[start + from + i] & 0xFF) / 255f;
      into.put(from, block, 0, len);
    }
    return x;
  }
}
