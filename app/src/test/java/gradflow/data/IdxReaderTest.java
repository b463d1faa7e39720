package gradflow.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
  @TempDir Path tmp;

  @Test
  void readsGzippedLabelsWithKnownFirstValues() {
    IdxReader.IdxData labels =
        IdxReader.readLabels(TestData.mnistMini().resolve("train-labels-idx1-ubyte.gz"));
    assertArrayEquals(new int[] {6000}, labels.dims());
    assertEquals(6000, labels.data().length);
    assertArrayEquals(new byte[] {5, 0, 4, 1, 9}, Arrays.copyOf(labels.data(), 5));
  }

  @Test
  void rawAndGzipReadTheSame() throws IOException {
    Path raw = tmp.resolve("t10k-images-idx3-ubyte");
    Files.write(raw, TestData.rawBytes("t10k-images-idx3-ubyte"));
    IdxReader.IdxData fromRaw = IdxReader.readImages(raw);
    IdxReader.IdxData fromGz =
        IdxReader.readImages(TestData.mnistMini().resolve("t10k-images-idx3-ubyte.gz"));
    assertArrayEquals(new int[] {1000, 28, 28}, fromRaw.dims());
    assertArrayEquals(fromGz.dims(), fromRaw.dims());
    assertArrayEquals(fromGz.data(), fromRaw.data());
  }

  @Test
  void detectsGzipByContentNotName() throws IOException {
    Path misnamed = tmp.resolve("labels-without-suffix");
    Files.write(misnamed, TestData.gzip(TestData.rawBytes("t10k-labels-idx1-ubyte")));
    assertEquals(1000, IdxReader.readLabels(misnamed).count());
  }

  @Test
  void truncatedFileNamesFileAndByteCounts() throws IOException {
    byte[] bytes = TestData.rawBytes("t10k-labels-idx1-ubyte");
    Path file = tmp.resolve("short-labels");
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 10));
    String message =
        assertThrows(DataException.class, () -> IdxReader.readLabels(file)).getMessage();
    assertTrue(message.contains(file.toString()), message);
    assertTrue(message.contains("truncated"), message);
    assertTrue(message.contains("1000") && message.contains("990"), message);
  }

  @Test
  void truncatedGzipStreamIsReported() throws IOException {
    byte[] gz = TestData.gzip(TestData.rawBytes("t10k-images-idx3-ubyte"));
    Path file = tmp.resolve("images.gz");
    Files.write(file, Arrays.copyOf(gz, gz.length / 2));
    String message =
        assertThrows(DataException.class, () -> IdxReader.readImages(file)).getMessage();
    assertTrue(message.contains(file.toString()) && message.contains("gzip"), message);
  }

  @Test
  void trailingBytesAreReported() throws IOException {
    byte[] bytes = TestData.rawBytes("t10k-labels-idx1-ubyte");
    Path file = tmp.resolve("long-labels");
    Files.write(file, Arrays.copyOf(bytes, bytes.length + 3));
    String message =
        assertThrows(DataException.class, () -> IdxReader.readLabels(file)).getMessage();
    assertTrue(message.contains(file.toString()) && message.contains("trailing"), message);
  }

  @Test
  void wrongMagicNamesFile() throws IOException {
    Path file = tmp.resolve("labels-as-images");
    Files.write(file, TestData.rawBytes("t10k-labels-idx1-ubyte"));
    String message =
        assertThrows(DataException.class, () -> IdxReader.readImages(file)).getMessage();
    assertTrue(message.contains(file.toString()), message);
    assertTrue(message.contains("0x00000801") && message.contains("0x00000803"), message);
  }

  @Test
  void nonIdxFileIsRejectedClearly() throws IOException {
    Path file = tmp.resolve("readme.txt");
    Files.writeString(file, "this is not an IDX file at all");
    String message =
        assertThrows(DataException.class, () -> IdxReader.readLabels(file)).getMessage();
    assertTrue(message.contains(file.toString()) && message.contains("not an IDX file"), message);

    Path tiny = tmp.resolve("tiny");
    Files.write(tiny, new byte[] {0, 0});
    message = assertThrows(DataException.class, () -> IdxReader.readLabels(tiny)).getMessage();
    assertTrue(message.contains(tiny.toString()), message);
  }

  @Test
  void missingFileIsDataException() {
    Path file = tmp.resolve("nope");
    String message =
        assertThrows(DataException.class, () -> IdxReader.readLabels(file)).getMessage();
    assertTrue(message.contains(file.toString()), message);
  }
}
