package gradflow.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
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

  /** A valid header for 100 labels, the labels, then 256 MiB of zeros: 256 KiB on disk. */
  @Test
  void gzipBombIsRefusedWithoutInflatingIt() throws IOException {
    Path bomb = tmp.resolve("bomb.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(bomb), 1 << 16)) {
      out.write(ByteBuffer.allocate(8).putInt(IdxReader.LABELS_MAGIC).putInt(100).array());
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 256; i++) out.write(zeros);
    }
    assertTrue(Files.size(bomb) < 2 << 20, "bomb is small on disk: " + Files.size(bomb));
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    long allocatedBefore = threads.getThreadAllocatedBytes(id);
    long start = System.nanoTime();
    String message =
        assertThrows(DataException.class, () -> IdxReader.readLabels(bomb)).getMessage();
    long millis = (System.nanoTime() - start) / 1_000_000;
    long allocated = threads.getThreadAllocatedBytes(id) - allocatedBefore;
    assertEquals(
        bomb
            + ": unexpected trailing data after the 100 bytes the header [100] promises;"
            + " the file is corrupt, download it again",
        message);
    assertTrue(millis < 2000, "took " + millis + " ms");
    assertTrue(allocated < 4 << 20, "allocated " + allocated + " bytes reading a 256 MiB bomb");
  }

  @Test
  void hugeHeaderShowsEveryDimension() throws IOException {
    Path file = tmp.resolve("huge");
    Files.write(
        file,
        ByteBuffer.allocate(16)
            .putInt(IdxReader.IMAGES_MAGIC)
            .putInt(Integer.MAX_VALUE)
            .putInt(65536)
            .putInt(65536)
            .array());
    String message =
        assertThrows(DataException.class, () -> IdxReader.readImages(file)).getMessage();
    assertEquals(
        file
            + ": IDX header promises more than 2 GiB of data [2147483647, 65536, 65536];"
            + " the header is corrupt, download the file again",
        message);
  }

  @Test
  void zeroDimensionAfterHugeOnesIsAnEmptyPayload() throws IOException {
    Path file = tmp.resolve("empty");
    Files.write(
        file,
        ByteBuffer.allocate(16)
            .putInt(IdxReader.IMAGES_MAGIC)
            .putInt(Integer.MAX_VALUE)
            .putInt(Integer.MAX_VALUE)
            .putInt(0)
            .array());
    assertEquals(0, IdxReader.readImages(file).data().length);
  }

  @Test
  void fifoIsNamedAndNeverOpened() throws Exception {
    Path fifo = tmp.resolve("train-images-idx3-ubyte");
    assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo");
    // opening a FIFO with no writer blocks, so a timeout here means it was opened
    String message =
        assertTimeoutPreemptively(
                Duration.ofSeconds(10),
                () -> assertThrows(DataException.class, () -> IdxReader.readImages(fifo)))
            .getMessage();
    assertEquals(
        fifo
            + " is a FIFO (named pipe), not a regular file;"
            + " point --data-dir at a folder of IDX files",
        message);
  }

  @Test
  void directoryDeviceAndLinkLoopAreNamed() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("folder"));
    assertTrue(message(dir).startsWith(dir + " is a directory, not a regular file;"), message(dir));

    Path zero = Files.createSymbolicLink(tmp.resolve("zero"), Path.of("/dev/zero"));
    assertTrue(
        message(zero).startsWith(zero + " is a character device, not a regular file;"),
        message(zero));

    Path a = tmp.resolve("a");
    Files.createSymbolicLink(a, tmp.resolve("b"));
    Files.createSymbolicLink(tmp.resolve("b"), a);
    assertTrue(message(a).startsWith(a + " is a symbolic link loop"), message(a));

    Path dangling = Files.createSymbolicLink(tmp.resolve("dangling"), tmp.resolve("gone"));
    assertTrue(
        message(dangling).startsWith(dangling + " is a symbolic link to a missing file"),
        message(dangling));
  }

  @Test
  void permissionFailureMessageNamesPathAndFix() {
    Path file = tmp.resolve("x");
    String message =
        DataFiles.failure(file, new AccessDeniedException(file.toString())).getMessage();
    assertTrue(message.startsWith(file + ": permission denied;"), message);
    assertTrue(message.contains("chmod") && message.contains("--data-dir"), message);
  }

  private static String message(Path file) {
    return assertThrows(DataException.class, () -> IdxReader.readImages(file)).getMessage();
  }
}
