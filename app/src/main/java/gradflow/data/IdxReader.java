package gradflow.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, the format of the original MNIST distribution: a 4-byte magic number {@code 00
 * 00 08 d} (unsigned bytes, {@code d} dimensions), {@code d} big-endian int sizes, then the payload
 * in row-major order. Files may be raw or gzipped; gzip is detected by its magic bytes {@code 1f
 * 8b}, not by the file name, because renamed or re-compressed copies are common.
 *
 * <p>The whole file is read (and inflated) in one bulk read; the payload must have exactly the
 * number of bytes the header promises, so a truncated download or trailing garbage is caught here
 * rather than showing up later as wrong pixels.
 */
public final class IdxReader {
  /** Magic number of an unsigned-byte IDX file with 3 dimensions (images). */
  public static final int IMAGES_MAGIC = 0x00000803;

  /** Magic number of an unsigned-byte IDX file with 1 dimension (labels). */
  public static final int LABELS_MAGIC = 0x00000801;

  private static final int UNSIGNED_BYTE = 0x08;

  /**
   * The contents of one IDX file.
   *
   * @param file where it came from, for error messages
   * @param dims the sizes from the header, outermost first
   * @param data the payload, {@code product(dims)} unsigned bytes
   */
  public record IdxData(Path file, int[] dims, byte[] data) {
    /** Number of items (the first dimension). */
    public int count() {
      return dims[0];
    }
  }

  private IdxReader() {}

  /** Reads an image file: magic {@code 0x00000803}, dimensions [count, rows, columns]. */
  public static IdxData readImages(Path file) {
    return read(file, IMAGES_MAGIC);
  }

  /** Reads a label file: magic {@code 0x00000801}, dimensions [count]. */
  public static IdxData readLabels(Path file) {
    return read(file, LABELS_MAGIC);
  }

  /** Reads an unsigned-byte IDX file and checks its magic number against {@code expectedMagic}. */
  public static IdxData read(Path file, int expectedMagic) {
    byte[] bytes = inflateIfGzipped(file, readAll(file));
    ByteBuffer buffer = ByteBuffer.wrap(bytes); // big-endian by default, as IDX is
    if (bytes.length < 4) {
      throw new DataException(
          file + ": not an IDX file: only " + bytes.length + " bytes, too short for a header");
    }
    int magic = buffer.getInt();
    checkMagic(file, magic, expectedMagic);
    int dimCount = magic & 0xFF;
    int headerBytes = 4 + 4 * dimCount;
    if (bytes.length < headerBytes) {
      throw new DataException(
          file
              + ": truncated IDX header: expected "
              + headerBytes
              + " bytes for "
              + dimCount
              + " dimensions, found "
              + bytes.length
              + "; download the file again");
    }
    int[] dims = new int[dimCount];
    long expectedPayload = 1;
    for (int i = 0; i < dimCount; i++) {
      dims[i] = buffer.getInt();
      if (dims[i] < 0) {
        throw new DataException(
            file + ": corrupt IDX header: dimension " + i + " is negative (" + dims[i] + ")");
      }
      expectedPayload *= dims[i];
      if (expectedPayload > Integer.MAX_VALUE) {
        throw new DataException(
            file + ": IDX header promises more than 2 GiB of data " + Arrays.toString(dims));
      }
    }
    checkPayloadSize(file, dims, expectedPayload, bytes.length - headerBytes);
    byte[] data = Arrays.copyOfRange(bytes, headerBytes, bytes.length);
    return new IdxData(file, dims, data);
  }

  private static byte[] readAll(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new DataException(file + ": file not found", e);
    } catch (IOException e) {
      throw new DataException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static byte[] inflateIfGzipped(Path file, byte[] bytes) {
    boolean gzip = bytes.length >= 2 && (bytes[0] & 0xFF) == 0x1f && (bytes[1] & 0xFF) == 0x8b;
    if (!gzip) {
      return bytes;
    }
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes), 1 << 16)) {
      return in.readAllBytes();
    } catch (ZipException e) {
      throw new DataException(
          file + ": corrupt gzip data (" + e.getMessage() + "); download the file again", e);
    } catch (IOException e) {
      // EOFException: the compressed stream ends early, typically an interrupted download.
      throw new DataException(
          file + ": truncated gzip data (" + e.getMessage() + "); download the file again", e);
    }
  }

  private static void checkMagic(Path file, int magic, int expectedMagic) {
    if (magic == expectedMagic) {
      return;
    }
    String expected = String.format("0x%08x", expectedMagic);
    String found = String.format("0x%08x", magic);
    if ((magic >>> 16) != 0) {
      throw new DataException(
          file
              + ": not an IDX file: magic number "
              + found
              + ", expected "
              + expected
              + "; point the data directory at the MNIST IDX files (raw or .gz)");
    }
    if (((magic >>> 8) & 0xFF) != UNSIGNED_BYTE) {
      throw new DataException(
          file
              + ": unsupported IDX data type 0x"
              + String.format("%02x", (magic >>> 8) & 0xFF)
              + " (magic "
              + found
              + "), only unsigned bytes (0x08) are supported");
    }
    throw new DataException(
        file
            + ": IDX file has "
            + (magic & 0xFF)
            + " dimensions (magic "
            + found
            + "), expected "
            + (expectedMagic & 0xFF)
            + " (magic "
            + expected
            + "); are image and label files swapped?");
  }

  private static void checkPayloadSize(Path file, int[] dims, long expected, long found) {
    if (found == expected) {
      return;
    }
    String shape = Arrays.toString(dims);
    if (found < expected) {
      throw new DataException(
          file
              + ": truncated: header "
              + shape
              + " promises "
              + expected
              + " bytes of data, found "
              + found
              + "; download the file again");
    }
    throw new DataException(
        file
            + ": "
            + (found - expected)
            + " unexpected trailing bytes: header "
            + shape
            + " promises "
            + expected
            + " bytes of data, found "
            + found
            + "; the file is corrupt, download it again");
  }
}
