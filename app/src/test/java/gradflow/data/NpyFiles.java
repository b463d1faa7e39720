package gradflow.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Writes NPY files as np.save does (version 1.0 unless asked), for tests and example data. */
public final class NpyFiles {
  private NpyFiles() {}

  /** The header dict np.save writes for {@code descr} and {@code shape}, C order. */
  public static String header(String descr, long... shape) {
    String dims = Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", "));
    if (shape.length == 1) dims += ",";
    return "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }";
  }

  /** A whole file: magic, version, the header padded to 64 bytes with a newline, the data. */
  public static byte[] bytes(int major, String header, byte[] data) {
    int lengthBytes = major == 1 ? 2 : 4;
    int unpadded = 6 + 2 + lengthBytes + header.length() + 1;
    int padded = (unpadded + 63) / 64 * 64;
    String text = header + " ".repeat(padded - unpadded) + "\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
    ByteBuffer length = ByteBuffer.allocate(lengthBytes).order(ByteOrder.LITTLE_ENDIAN);
    if (major == 1) length.putShort((short) text.length());
    else length.putInt(text.length());
    out.writeBytes(length.array());
    out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(data);
    return out.toByteArray();
  }

  public static Path write(Path file, byte[] bytes) throws IOException {
    Files.write(file, bytes);
    return file;
  }

  /** float32 little-endian [shape]. */
  public static Path float32(Path file, float[] values, long... shape) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) b.putFloat(v);
    return write(file, bytes(1, header("<f4", shape), b.array()));
  }

  /** float64 big-endian [shape], format version 2.0. */
  public static Path float64BigEndian(Path file, double[] values, long... shape)
      throws IOException {
    ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.BIG_ENDIAN);
    for (double v : values) b.putDouble(v);
    return write(file, bytes(2, header(">f8", shape), b.array()));
  }

  /** uint8 [shape], format version 3.0. */
  public static Path uint8(Path file, byte[] values, long... shape) throws IOException {
    return write(file, bytes(3, header("|u1", shape), values));
  }

  /** int64 little-endian labels [n]. */
  public static Path int64(Path file, long... labels) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(8 * labels.length).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : labels) b.putLong(v);
    return write(file, bytes(1, header("<i8", labels.length), b.array()));
  }

  /** int8 labels [n]. */
  public static Path int8(Path file, byte... labels) throws IOException {
    return write(file, bytes(1, header("|i1", labels.length), labels));
  }
}
