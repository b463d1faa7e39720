package gradflow.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import gradflow.spec.MnistSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

class MnistLoaderTest {
  private static DataSplit mini;

  @TempDir Path tmp;

  @BeforeAll
  static void loadMini() {
    mini = MnistLoader.load(new MnistSpec(TestData.mnistMini().toString(), 0, 0, 0));
  }

  @Test
  void loadsShippedSubsetWithRightShapes() {
    assertArrayEquals(new long[] {6000, 784}, mini.train().features().shape());
    assertArrayEquals(new long[] {1000, 784}, mini.test().features().shape());
    assertEquals(DataType.FLOAT, mini.train().features().dataType());
    assertEquals(10, mini.train().classes());
    assertTrue(mini.hasTest());
  }

  @Test
  void pixelsAreScaledIntoUnitRange() throws IOException {
    assertEquals(0.0, mini.train().features().minNumber().doubleValue());
    assertEquals(1.0, mini.train().features().maxNumber().doubleValue(), 1e-6);
    // Independent check of one pixel against the raw file (header is 16 bytes).
    byte[] raw = TestData.rawBytes(MnistLoader.TRAIN_IMAGES);
    int index = 784 + 14 * 28 + 14; // image 1, centre pixel
    float expected = (raw[16 + index] & 0xFF) / 255f;
    assertEquals(expected, mini.train().features().getFloat(1, 14 * 28 + 14));
  }

  @Test
  void knownFirstLabels() {
    assertArrayEquals(new int[] {5, 0, 4, 1, 9}, Arrays.copyOf(mini.train().labels(), 5));
    assertArrayEquals(new int[] {7, 2, 1, 0, 4}, Arrays.copyOf(mini.test().labels(), 5));
  }

  @Test
  void offsetAndCountSelectARange() {
    DataSplit split = MnistLoader.load(new MnistSpec(TestData.mnistMini().toString(), 1, 3, 10));
    assertArrayEquals(new int[] {0, 4, 1}, split.train().labels());
    assertEquals(mini.train().features().getRow(1), split.train().features().getRow(0));
    assertEquals(10, split.test().size());

    DataSplit rest = MnistLoader.load(new MnistSpec(TestData.mnistMini().toString(), 5990, 0, 0));
    assertEquals(10, rest.train().size());
  }

  @Test
  void offsetOrCountBeyondFileIsDataException() {
    String dir = TestData.mnistMini().toString();
    String message =
        assertThrows(DataException.class, () -> MnistLoader.load(new MnistSpec(dir, 6000, 0, 0)))
            .getMessage();
    assertTrue(message.contains("train_offset") && message.contains("6000"), message);
    message =
        assertThrows(DataException.class, () -> MnistLoader.load(new MnistSpec(dir, 5999, 2, 0)))
            .getMessage();
    assertTrue(message.contains("train_count"), message);
    message =
        assertThrows(DataException.class, () -> MnistLoader.load(new MnistSpec(dir, 0, 0, 1001)))
            .getMessage();
    assertTrue(message.contains("test_count") && message.contains("t10k-images"), message);
  }

  @Test
  void rawFilesArePreferredAndReadTheSame() throws IOException {
    TestData.copyMini(tmp);
    // A raw train label file whose first label differs from the .gz one shows which was read.
    byte[] labels = TestData.rawBytes(MnistLoader.TRAIN_LABELS);
    Files.write(tmp.resolve(MnistLoader.TRAIN_LABELS), labels);
    DataSplit same = MnistLoader.load(new MnistSpec(tmp.toString(), 0, 0, 0));
    assertArrayEquals(mini.train().labels(), same.train().labels());
    labels[8] = 3;
    Files.write(tmp.resolve(MnistLoader.TRAIN_LABELS), labels);
    assertEquals(3, MnistLoader.load(new MnistSpec(tmp.toString(), 0, 1, 0)).train().labels()[0]);
  }

  @Test
  void missingDirectoryGivesHint() {
    Path dir = tmp.resolve("absent");
    String message =
        assertThrows(
                DataException.class, () -> MnistLoader.load(new MnistSpec(dir.toString(), 0, 0, 0)))
            .getMessage();
    assertTrue(message.contains(dir.toString()), message);
    assertTrue(message.contains("train-images-idx3-ubyte"), message);
    assertTrue(
        message.contains("scripts/fetch-mnist.sh") && message.contains("--data-dir"), message);
  }

  @Test
  void missingTrainFileNamesIt() throws IOException {
    TestData.copyMini(tmp);
    Files.delete(tmp.resolve(MnistLoader.TRAIN_LABELS + ".gz"));
    String message =
        assertThrows(
                DataException.class, () -> MnistLoader.load(new MnistSpec(tmp.toString(), 0, 0, 0)))
            .getMessage();
    assertTrue(message.contains(tmp.resolve(MnistLoader.TRAIN_LABELS).toString()), message);
    assertTrue(message.contains("scripts/fetch-mnist.sh"), message);
  }

  @Test
  void testSetIsOptionalAsAPair() throws IOException {
    TestData.copyMini(tmp);
    Files.delete(tmp.resolve(MnistLoader.TEST_LABELS + ".gz"));
    String message =
        assertThrows(
                DataException.class, () -> MnistLoader.load(new MnistSpec(tmp.toString(), 0, 0, 0)))
            .getMessage();
    assertTrue(message.contains(MnistLoader.TEST_LABELS), message);

    Files.delete(tmp.resolve(MnistLoader.TEST_IMAGES + ".gz"));
    DataSplit split = MnistLoader.load(new MnistSpec(tmp.toString(), 0, 100, 0));
    assertNull(split.test());
    assertEquals(100, split.train().size());
  }

  @Test
  void countMismatchNamesBothFiles() throws IOException {
    TestData.copyMini(tmp);
    byte[] labels = TestData.rawBytes(MnistLoader.TEST_LABELS);
    byte[] fewer = Arrays.copyOf(labels, labels.length - 1);
    ByteBuffer.wrap(fewer).putInt(4, 999);
    Path labelFile = tmp.resolve(MnistLoader.TEST_LABELS + ".gz");
    Files.write(labelFile, TestData.gzip(fewer));
    String message =
        assertThrows(
                DataException.class, () -> MnistLoader.load(new MnistSpec(tmp.toString(), 0, 0, 0)))
            .getMessage();
    assertTrue(message.contains(labelFile.toString()) && message.contains("999"), message);
    assertTrue(message.contains(MnistLoader.TEST_IMAGES) && message.contains("1000"), message);
  }

  @Test
  void truncatedAndWrongMagicFilesAreNamed() throws IOException {
    TestData.copyMini(tmp);
    Path images = tmp.resolve(MnistLoader.TRAIN_IMAGES + ".gz");
    byte[] raw = TestData.rawBytes(MnistLoader.TRAIN_IMAGES);
    Files.write(images, TestData.gzip(Arrays.copyOf(raw, raw.length - 784)));
    MnistSpec spec = new MnistSpec(tmp.toString(), 0, 0, 0);
    String message = assertThrows(DataException.class, () -> MnistLoader.load(spec)).getMessage();
    assertTrue(message.contains(images.toString()) && message.contains("truncated"), message);

    raw[3] = 2; // 0x00000802: two dimensions
    Files.write(images, TestData.gzip(raw));
    message = assertThrows(DataException.class, () -> MnistLoader.load(spec)).getMessage();
    assertTrue(message.contains(images.toString()) && message.contains("0x00000802"), message);
  }

  @Test
  void labelOutOfRangeIsReported() throws IOException {
    TestData.copyMini(tmp);
    byte[] labels = TestData.rawBytes(MnistLoader.TRAIN_LABELS);
    labels[8 + 42] = 10;
    Path file = tmp.resolve(MnistLoader.TRAIN_LABELS);
    Files.write(file, labels);
    String message =
        assertThrows(
                DataException.class, () -> MnistLoader.load(new MnistSpec(tmp.toString(), 0, 0, 0)))
            .getMessage();
    assertTrue(message.contains(file.toString()) && message.contains("42"), message);
  }

  /** Runs where scripts/fetch-mnist.sh has put the full set into data/mnist (always in CI). */
  @Test
  void loadsFullMnistWhenFetched() {
    Path full = TestData.mnistMini().getParent().getParent().resolve("data/mnist");
    if ("1".equals(System.getenv("GRADFLOW_REQUIRE_FULL_MNIST")))
      assertTrue(Files.isDirectory(full), "GRADFLOW_REQUIRE_FULL_MNIST=1 but no " + full);
    assumeTrue(Files.isDirectory(full), "full MNIST not fetched into " + full);
    DataSplit split = MnistLoader.load(new MnistSpec(full.toString(), 0, 0, 0));
    assertEquals(60000, split.train().size());
    assertEquals(10000, split.test().size());
    assertArrayEquals(
        Arrays.copyOf(mini.train().labels(), 100), Arrays.copyOf(split.train().labels(), 100));
  }

  @Test
  void dataLoaderChecksFeatureCountForMnist() {
    MnistSpec spec = new MnistSpec(TestData.mnistMini().toString(), 0, 10, 10);
    assertEquals(10, DataLoader.load(spec, 784, 1).train().size());
    String message =
        assertThrows(DataException.class, () -> DataLoader.load(spec, 100, 1)).getMessage();
    assertTrue(message.contains("784") && message.contains("100"), message);
  }

  /** M5: a raw name that is a FIFO or a folder is named, not passed over for its .gz sibling. */
  @Test
  void rawNameThatIsNotAFileIsNamedNotSkipped() throws Exception {
    TestData.copyMini(tmp);
    Path raw = tmp.resolve(MnistLoader.TRAIN_IMAGES);
    MnistSpec spec = new MnistSpec(tmp.toString(), 0, 0, 0);
    Files.createDirectory(raw);
    String message = assertThrows(DataException.class, () -> MnistLoader.load(spec)).getMessage();
    assertEquals(
        raw + " is a directory, not a regular file; point --data-dir at a folder of IDX files",
        message);

    Files.delete(raw);
    assumeTrue(new ProcessBuilder("mkfifo", raw.toString()).start().waitFor() == 0, "mkfifo");
    message =
        assertTimeoutPreemptively(
                Duration.ofSeconds(10),
                () -> assertThrows(DataException.class, () -> MnistLoader.load(spec)))
            .getMessage();
    assertTrue(message.startsWith(raw + " is a FIFO (named pipe), not a regular file;"), message);
  }

  @Test
  void dataDirThatIsAFileIsNamed() throws IOException {
    Path file = Files.writeString(tmp.resolve("notes.txt"), "x");
    String message =
        assertThrows(
                DataException.class,
                () -> MnistLoader.load(new MnistSpec(file.toString(), 0, 0, 0)))
            .getMessage();
    assertTrue(
        message.startsWith("MNIST directory '" + file + "' is a regular file, not a directory;"),
        message);
  }
}
