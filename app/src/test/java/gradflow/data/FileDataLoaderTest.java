package gradflow.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradflow.spec.NetworkSpec;
import gradflow.spec.SpecReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The npy, csv and idx data kinds: good files load with their shapes, bad ones say why. */
class FileDataLoaderTest {
  @TempDir Path dir;

  private NetworkSpec spec(String data, String input, int units, long seed) {
    String yaml =
        "seed: "
            + seed
            + "\ninput: "
            + input
            + "\ndata: "
            + data
            + "\nlayers:\n  - dense: {units: "
            + units
            + ", activation: softmax}\n";
    return SpecReader.parse(yaml, dir.resolve("net.yaml").toString(), dir);
  }

  private DataSplit load(String data, String input, int units) {
    return DataLoader.load(spec(data, input, units, 0));
  }

  private String refusal(String data, String input, int units) {
    NetworkSpec spec = spec(data, input, units, 0);
    return assertThrows(DataException.class, () -> DataLoader.load(spec)).getMessage();
  }

  private void blobsNpy() throws IOException {
    float[] x = new float[4 * 3];
    for (int i = 0; i < x.length; i++) x[i] = i;
    NpyFiles.float32(dir.resolve("x.npy"), x, 4, 3);
    NpyFiles.int64(dir.resolve("y.npy"), 0, 1, 2, 1);
  }

  @Test
  void npyWithIntegerLabels() throws IOException {
    blobsNpy();
    DataSplit s = load("{npy: {x: x.npy, y: y.npy, test_x: x.npy, test_y: y.npy}}", "[3]", 3);
    assertArrayEquals(new long[] {4, 3}, s.train().features().shape());
    assertArrayEquals(new int[] {0, 1, 2, 1}, s.train().labels());
    assertEquals(3, s.train().classes());
    assertEquals(11f, s.train().features().getFloat(3, 2));
    assertEquals(4, s.test().size());
  }

  @Test
  void npyImagesOfUint8WithOneHotLabelsAndScale() throws IOException {
    byte[] pixels = new byte[2 * 4];
    pixels[7] = (byte) 255;
    NpyFiles.uint8(dir.resolve("x.npy"), pixels, 2, 1, 2, 2);
    NpyFiles.float32(dir.resolve("y.npy"), new float[] {0, 1, 1, 0}, 2, 2);
    DataSplit s = load("{npy: {x: x.npy, y: y.npy, scale: 255}}", "[1, 2, 2]", 2);
    assertArrayEquals(new int[] {1, 0}, s.train().labels());
    assertEquals(1f, s.train().features().getFloat(1, 3));
    assertNull(s.test());
  }

  @Test
  void npyFloat64AndFlatInputTakesImages() throws IOException {
    NpyFiles.float64BigEndian(dir.resolve("x.npy"), new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 2);
    NpyFiles.int8(dir.resolve("y.npy"), (byte) 0, (byte) 1);
    DataSplit s = load("{npy: {x: x.npy, y: y.npy}}", "[4]", 2);
    assertEquals(8f, s.train().features().getFloat(1, 3));
  }

  @Test
  void npyShapeMismatch() throws IOException {
    blobsNpy();
    String m = refusal("{npy: {x: x.npy, y: y.npy}}", "[4]", 3);
    assertTrue(m.startsWith(dir.resolve("x.npy").toString()), m);
    assertTrue(m.contains("each example has shape [3] (the file holds [4, 3])"), m);
    assertTrue(m.contains("the spec's input is [4]; set input: [3]"), m);
  }

  @Test
  void labelsOutOfRangeForTheLastLayer() throws IOException {
    blobsNpy();
    String m = refusal("{npy: {x: x.npy, y: y.npy}}", "[3]", 2);
    assertTrue(m.startsWith(dir.resolve("y.npy").toString()), m);
    assertTrue(m.contains("imply 3 classes (0 to 2), but the last layer has 2 units"), m);
  }

  @Test
  void negativeAndFloatLabels() throws IOException {
    blobsNpy();
    NpyFiles.int8(dir.resolve("y.npy"), (byte) 0, (byte) -1, (byte) 1, (byte) 1);
    String m = refusal("{npy: {x: x.npy, y: y.npy}}", "[3]", 2);
    assertTrue(m.contains("y.npy: index 1: label -1 is not a class index"), m);
    NpyFiles.float32(dir.resolve("y.npy"), new float[] {0, 1, 1, 0}, 4);
    m = refusal("{npy: {x: x.npy, y: y.npy}}", "[3]", 2);
    assertTrue(m.contains("labels of dtype float32, expected integer class labels"), m);
  }

  @Test
  void npyNaNInData() throws IOException {
    blobsNpy();
    NpyFiles.float32(
        dir.resolve("x.npy"), new float[] {0, 1, 2, 3, Float.NaN, 5, 6, 7, 8, 9, 10, 11}, 4, 3);
    String m = refusal("{npy: {x: x.npy, y: y.npy}}", "[3]", 3);
    assertTrue(m.contains("x.npy: example 1, feature 1 is NaN"), m);
  }

  @Test
  void npyCountsDiffer() throws IOException {
    blobsNpy();
    NpyFiles.int64(dir.resolve("y.npy"), 0, 1, 2);
    String m = refusal("{npy: {x: x.npy, y: y.npy}}", "[3]", 3);
    assertTrue(m.contains("x.npy has 4 examples but " + dir.resolve("y.npy") + " has 3 labels"), m);
  }

  @Test
  void npyTruncated() throws IOException {
    blobsNpy();
    byte[] whole = Files.readAllBytes(dir.resolve("x.npy"));
    Files.write(dir.resolve("x.npy"), java.util.Arrays.copyOf(whole, whole.length - 5));
    String m = refusal("{npy: {x: x.npy, y: y.npy}}", "[3]", 3);
    assertTrue(m.contains("x.npy: truncated: the header's shape [4, 3] of float32 promises 48"), m);
  }

  @Test
  void oneHotRowsMustBeOneHot() throws IOException {
    blobsNpy();
    NpyFiles.float32(dir.resolve("y.npy"), new float[] {1, 0, 0, 1, 1, 1, 0, 1}, 4, 2);
    String m = refusal("{npy: {x: x.npy, y: y.npy}}", "[3]", 2);
    assertTrue(m.contains("y.npy: row 2 is not one-hot (a second 1 at column 1)"), m);
  }

  @Test
  void standardizeUsesTrainingStatisticsOnTest() throws IOException {
    NpyFiles.float32(dir.resolve("x.npy"), new float[] {1, 5, 3, 5}, 2, 2);
    NpyFiles.float32(dir.resolve("tx.npy"), new float[] {5, 5}, 1, 2);
    NpyFiles.int64(dir.resolve("y.npy"), 0, 1);
    NpyFiles.int64(dir.resolve("ty.npy"), 1);
    DataSplit s =
        load(
            "{npy: {x: x.npy, y: y.npy, test_x: tx.npy, test_y: ty.npy, standardize: true}}",
            "[2]",
            2);
    assertArrayEquals(new float[] {-1, 0, 1, 0}, s.train().features().data().asFloat(), 1e-6f);
    // mean 2, std 1 from training: (5 - 2) / 1; the constant feature is only centred
    assertArrayEquals(new float[] {3, 0}, s.test().features().data().asFloat(), 1e-6f);
  }

  private Path csv(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void csvWithHeaderAndLabelName() throws IOException {
    csv("d.csv", "a,species,b\n1,0,2\n3,1,4\r\n\n5,2,6\n");
    DataSplit s = load("{csv: {file: d.csv, label: species}}", "[2]", 3);
    assertArrayEquals(new int[] {0, 1, 2}, s.train().labels());
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, s.train().features().data().asFloat());
  }

  @Test
  void csvWithoutHeaderAndTestFile() throws IOException {
    csv("d.csv", "1.5,2,0\n-3e1,4,1\n");
    csv("t.csv", "0,0,1\n");
    DataSplit s = load("{csv: {file: d.csv, label: 2, header: false, test_file: t.csv}}", "[2]", 2);
    assertEquals(-30f, s.train().features().getFloat(1, 0));
    assertArrayEquals(new int[] {1}, s.test().labels());
  }

  @Test
  void csvTestFractionIsDeterministicBySeed() throws IOException {
    StringBuilder text = new StringBuilder("x,label\n");
    for (int i = 0; i < 40; i++) text.append(i).append(',').append(i % 2).append('\n');
    csv("d.csv", text.toString());
    String data = "{csv: {file: d.csv, label: label, test_fraction: 0.25}}";
    DataSplit a = DataLoader.load(spec(data, "[1]", 2, 7));
    DataSplit b = DataLoader.load(spec(data, "[1]", 2, 7));
    DataSplit c = DataLoader.load(spec(data, "[1]", 2, 8));
    assertEquals(30, a.train().size());
    assertEquals(10, a.test().size());
    float[] testA = a.test().features().data().asFloat();
    assertArrayEquals(testA, b.test().features().data().asFloat());
    assertNotEquals(
        java.util.Arrays.toString(testA),
        java.util.Arrays.toString(c.test().features().data().asFloat()));
  }

  @Test
  void csvRaggedRow() throws IOException {
    csv("d.csv", "a,b,label\n1,2,0\n3,1\n");
    String m = refusal("{csv: {file: d.csv, label: label}}", "[2]", 2);
    assertTrue(m.startsWith(dir.resolve("d.csv").toString()), m);
    assertTrue(m.contains("line 3 has 2 columns, expected 3"), m);
  }

  @Test
  void csvNonNumericCellAndNaN() throws IOException {
    csv("d.csv", "a,b,label\n1,2,0\n3,abc,1\n");
    String m = refusal("{csv: {file: d.csv, label: label}}", "[2]", 2);
    assertTrue(m.contains("d.csv: line 3, column 1 ('b'): 'abc' is not a number"), m);
    csv("d.csv", "a,b,label\n1,NaN,0\n3,4,1\n");
    m = refusal("{csv: {file: d.csv, label: label}}", "[2]", 2);
    assertTrue(m.contains("d.csv: line 2, column 1 ('b'): 'NaN' is not a finite number"), m);
  }

  @Test
  void csvLabelsMustBeWholeNumbersAndNamed() throws IOException {
    csv("d.csv", "a,label\n1,0\n3,1.5\n");
    String m = refusal("{csv: {file: d.csv, label: label}}", "[1]", 2);
    assertTrue(m.contains("d.csv: line 3, column 1 ('label'): label 1.5 is not a class index"), m);
    m = refusal("{csv: {file: d.csv, label: lable}}", "[1]", 2);
    assertTrue(m.contains("no column named 'lable' in the header; did you mean 'label'?"), m);
  }

  @Test
  void csvShapeMismatch() throws IOException {
    csv("d.csv", "a,b,label\n1,2,0\n3,4,1\n");
    String m = refusal("{csv: {file: d.csv, label: label}}", "[3]", 2);
    assertTrue(m.contains("each example has shape [2]"), m);
    assertTrue(m.contains("set input: [2] (the file has 3 columns)"), m);
  }

  @Test
  void idxOfAnyShapeAndClassCount() throws IOException {
    byte[] images = {0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6};
    byte[] labels = {0, 0, 8, 1, 0, 0, 0, 2, 4, 0};
    Files.write(dir.resolve("i"), images);
    Files.write(dir.resolve("l"), labels);
    DataSplit s = load("{idx: {train_images: i, train_labels: l}}", "[1, 1, 3]", 5);
    assertEquals(5, s.train().classes());
    assertEquals(6f, s.train().features().getFloat(1, 2));
    String m = refusal("{idx: {train_images: i, train_labels: l}}", "[1, 1, 3]", 10);
    assertTrue(m.contains("imply 5 classes (0 to 4), but the last layer has 10 units"), m);
  }

  @Test
  void idxTakesMnistFilesUnchanged() {
    Path mini = TestData.mnistMini();
    String data =
        String.format(
            "{idx: {train_images: %s, train_labels: %s, test_images: %s, test_labels: %s,"
                + " scale: 255}}",
            mini.resolve("train-images-idx3-ubyte.gz"),
            mini.resolve("train-labels-idx1-ubyte.gz"),
            mini.resolve("t10k-images-idx3-ubyte.gz"),
            mini.resolve("t10k-labels-idx1-ubyte.gz"));
    DataSplit s = load(data, "[1, 28, 28]", 10);
    DataSplit mnist = MnistLoader.load(new gradflow.spec.MnistSpec(mini.toString(), 0, 0, 0));
    assertEquals(mnist.train().features(), s.train().features());
    assertArrayEquals(mnist.test().labels(), s.test().labels());
  }
}
