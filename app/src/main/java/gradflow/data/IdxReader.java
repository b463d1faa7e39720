package gradflow.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
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
 * <p>The file is streamed: the header first, then exactly the payload it promises (never more than
 * 2 GiB) and one byte more to detect trailing data, so a truncated download or trailing garbage is
 * caught here rather than showing up later as wrong pixels, and a gzip bomb costs no more than its
 * header promises.
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

  /** Reads an unsigned-byte IDX file with any number (at least 1) of dimensions. */
  public static IdxData readAny(Path file) {
    return read(file, ANY_DIMENSIONS, DataFiles.FIX_SPEC_PATH);
  }

  /** Stands for "any magic 0x000008dd with d >= 1" where an expected magic is asked for. */
  private static final int ANY_DIMENSIONS = -1;

  /** Reads an unsigned-byte IDX file and checks its magic number against {@code expectedMagic}. */
  public static IdxData read(Path file, int expectedMagic) {
    return read(file, expectedMagic, DataFiles.POINT_AT_IDX);
  }

  static IdxData read(Path file, int expectedMagic, String fix) {
    DataFiles.requireRegularFile(file, fix); // before opening: opening a FIFO would block
    boolean[] gzip = {false};
    try (InputStream in = open(file, gzip)) {
      return read(file, in, expectedMagic);
    } catch (ZipException e) {
      throw new DataException(
          file + ": corrupt gzip data (" + e.getMessage() + "); download the file again", e);
    } catch (EOFException e) {
      if (!gzip[0]) {
        throw DataFiles.failure(file, e, fix);
      }
      // the compressed stream ends early, typically an interrupted download
      throw new DataException(
          file + ": truncated gzip data (" + e.getMessage() + "); download the file again", e);
    } catch (IOException e) {
      throw DataFiles.failure(file, e, fix);
    }
  }

  /** The file's bytes, inflated if it starts with the gzip magic; sets {@code gzip[0]} if so. */
  private static InputStream open(Path file, boolean[] gzip) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    try {
      in.mark(2);
      gzip[0] = in.read() == 0x1f && in.read() == 0x8b;
      in.reset();
      return gzip[0] ? new GZIPInputStream(in, 1 << 16) : in;
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /**
   * Reads the header, then exactly the payload it promises and at most one byte more, so a gzip
   * bomb is never inflated past its header's promise and memory stays bounded by that promise.
   */
  private static IdxData read(Path file, InputStream in, int expectedMagic) throws IOException {
    byte[] start = in.readNBytes(4);
    if (start.length < 4) {
      throw new DataException(
          file + ": not an IDX file: only " + start.length + " bytes, too short for a header");
    }
    int magic = ByteBuffer.wrap(start).getInt(); // big-endian, as IDX is
    checkMagic(file, magic, expectedMagic);
    int dimCount = magic & 0xFF;
    int headerBytes = 4 + 4 * dimCount;
    byte[] sizes = in.readNBytes(4 * dimCount);
    if (sizes.length < 4 * dimCount) {
      throw new DataException(
          file
              + ": truncated IDX header: expected "
              + headerBytes
              + " bytes for "
              + dimCount
              + " dimensions, found "
              + (4 + sizes.length)
              + "; download the file again");
    }
    int[] dims = new int[dimCount];
    ByteBuffer.wrap(sizes).asIntBuffer().get(dims);
    long expected = payloadSize(file, dims);
    byte[] data = in.readNBytes((int) expected);
    if (data.length < expected) {
      throw new DataException(
          file
              + ": truncated: header "
              + Arrays.toString(dims)
              + " promises "
              + expected
              + " bytes of data, found "
              + data.length
              + "; download the file again");
    }
    if (in.read() != -1) {
      throw new DataException(
          file
              + ": unexpected trailing data after the "
              + expected
              + " bytes the header "
              + Arrays.toString(dims)
              + " promises; the file is corrupt, download it again");
    }
    return new IdxData(file, dims, data);
  }

  /** The product of the sizes, all of them read first so a refusal shows the real header. */
  private static long payloadSize(Path file, int[] dims) {
    long product = 1;
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] < 0) {
        throw new DataException(
            file + ": corrupt IDX header: dimension " + i + " is negative (" + dims[i] + ")");
      }
      // capped just above the limit, so the next multiplication cannot overflow a long
      product = Math.min(product * dims[i], Integer.MAX_VALUE + 1L);
    }
    if (product > Integer.MAX_VALUE) {
      throw new DataException(
          file
              + ": IDX header promises more than 2 GiB of data "
              + Arrays.toString(dims)
              + "; the header is corrupt, download the file again");
    }
    return product;
  }

  private static void checkMagic(Path file, int magic, int expectedMagic) {
    if (magic == expectedMagic) {
      return;
    }
    if (expectedMagic == ANY_DIMENSIONS) {
      if ((magic >>> 8) == UNSIGNED_BYTE && (magic & 0xFF) >= 1) return;
      expectedMagic = UNSIGNED_BYTE << 8 | Math.max(1, magic & 0xFF); // for the messages below
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
}
