package gradflow.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzing with a fixed seed (a failure names its try and input, and reproduces): whatever the
 * bytes, IdxReader returns data that matches its header or throws a {@link DataException}, never
 * another exception or error.
 */
class IdxReaderFuzzTest {
  static final long SEED = 20261202L;

  @TempDir Path tmp;

  @Test
  void randomBytesGiveDataOrDataException() throws IOException {
    SplittableRandom random = new SplittableRandom(SEED);
    for (int i = 0; i < 300; i++) {
      byte[] bytes = randomBytes(random, random.nextInt(65));
      // an IDX or gzip start takes the reader past its first check
      switch (random.nextInt(3)) {
        case 0 -> bytes = concat(new byte[] {0, 0, 8, (byte) random.nextInt(4)}, bytes);
        case 1 -> bytes = concat(new byte[] {0x1f, (byte) 0x8b, 8, 0}, bytes);
        default -> {}
      }
      readBoth(i, bytes);
    }
  }

  @Test
  void mutatedFilesGiveDataOrDataException() throws IOException {
    List<byte[]> valid = valid();
    // the mutations start from files the reader accepts
    Path seedFile = Files.write(tmp.resolve("valid.gz"), valid.get(3));
    assertEquals(18, IdxReader.readImages(seedFile).data().length);
    SplittableRandom random = new SplittableRandom(SEED + 1);
    int read = 0;
    for (int i = 0; i < 300; i++) {
      byte[] bytes = valid.get(random.nextInt(valid.size())).clone();
      for (int edits = random.nextInt(5); edits > 0; edits--) {
        bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
      }
      int resize = random.nextInt(-8, 9); // cut bytes off the end, or append some
      if (resize < 0) bytes = Arrays.copyOf(bytes, Math.max(0, bytes.length + resize));
      if (resize > 0) bytes = concat(bytes, randomBytes(random, resize));
      read += readBoth(i, bytes);
    }
    // both outcomes are exercised: edits in the payload leave a readable file
    assertTrue(read > 10 && read < 290, "read " + read + " of 300");
  }

  /** How many of the two readings succeeded; fails on anything but data or DataException. */
  private int readBoth(int attempt, byte[] bytes) throws IOException {
    int read = 0;
    Path file = Files.write(tmp.resolve("fuzz.idx"), bytes);
    for (int magic : new int[] {IdxReader.LABELS_MAGIC, IdxReader.IMAGES_MAGIC}) {
      IdxReader.IdxData data;
      try {
        data = IdxReader.read(file, magic);
      } catch (DataException e) {
        continue;
      } catch (RuntimeException | Error e) {
        throw new AssertionError(
            "seed " + SEED + ", try " + attempt + ": " + HexFormat.of().formatHex(bytes), e);
      }
      long product = 1;
      for (int d : data.dims()) product *= d;
      assertEquals(product, data.data().length, "payload matches the header, try " + attempt);
      read++;
    }
    return read;
  }

  /** A labels file [5] and an images file [2, 3, 3], raw and gzipped. */
  private static List<byte[]> valid() throws IOException {
    byte[] labels = ByteBuffer.allocate(13).putInt(IdxReader.LABELS_MAGIC).putInt(5).array();
    byte[] images = ByteBuffer.allocate(34).putInt(IdxReader.IMAGES_MAGIC).array();
    ByteBuffer.wrap(images, 4, 12).putInt(2).putInt(3).putInt(3);
    for (int i = 0; i < 5; i++) labels[8 + i] = (byte) i;
    for (int i = 16; i < images.length; i++) images[i] = (byte) (i * 7);
    return List.of(labels, images, TestData.gzip(labels), TestData.gzip(images));
  }

  private static byte[] randomBytes(SplittableRandom random, int n) {
    byte[] bytes = new byte[n];
    for (int i = 0; i < n; i++) bytes[i] = (byte) random.nextInt(256);
    return bytes;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] result = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, result, a.length, b.length);
    return result;
  }
}
