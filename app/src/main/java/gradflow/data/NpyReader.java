package gradflow.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0): the magic {@code \x93NUMPY},
 * the version, a little-endian header length (2 bytes in 1.0, 4 in 2.0 and 3.0), then a Python dict
 * literal {@code {'descr': '<f4', 'fortran_order': False, 'shape': (100, 4), }} and the data in C
 * order. Only plain numbers (bool, signed and unsigned integers, float32, float64; little or big
 * endian) are read; Fortran order, object arrays (pickles), structured and string dtypes are
 * refused, as are headers whose shape promises more than 2 GiB, truncated data and trailing bytes.
 *
 * <p>Hand-written rather than ND4J's {@code Nd4j.createFromNpyFile}, which trusts the header (a
 * corrupt shape allocates or reads out of bounds) and names no file when it fails.
 */
final class NpyReader {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final int MAX_HEADER = 1 << 16;
  private static final long MAX_BYTES = Integer.MAX_VALUE - 8;

  /** The element types read, with their size in bytes. */
  enum Dtype {
    BOOL(1, "bool"),
    INT8(1, "int8"),
    UINT8(1, "uint8"),
    INT16(2, "int16"),
    UINT16(2, "uint16"),
    INT32(4, "int32"),
    UINT32(4, "uint32"),
    INT64(8, "int64"),
    UINT64(8, "uint64"),
    FLOAT32(4, "float32"),
    FLOAT64(8, "float64");

    final int size;
    final String numpyName;

    Dtype(int size, String numpyName) {
      this.size = size;
      this.numpyName = numpyName;
    }

    boolean isFloat() {
      return this == FLOAT32 || this == FLOAT64;
    }
  }

  /** One array: its file, dtype, shape (outermost first) and data in C order. */
  record NpyArray(Path file, Dtype dtype, long[] shape, ByteBuffer data) {
    long length() {
      return data.capacity() / dtype.size;
    }

    /** Element {@code i} (flat, C order) as a double; int64 beyond 2^53 loses precision. */
    double get(int i) {
      int at = i * dtype.size;
      return switch (dtype) {
        case BOOL, UINT8 -> data.get(at) & 0xFF;
        case INT8 -> data.get(at);
        case INT16 -> data.getShort(at);
        case UINT16 -> data.getShort(at) & 0xFFFF;
        case INT32 -> data.getInt(at);
        case UINT32 -> data.getInt(at) & 0xFFFFFFFFL;
        case INT64 -> data.getLong(at);
        case UINT64 -> unsigned(data.getLong(at));
        case FLOAT32 -> data.getFloat(at);
        case FLOAT64 -> data.getDouble(at);
      };
    }

    private static double unsigned(long v) {
      return v >= 0 ? v : (double) (v >>> 1) * 2 + (v & 1);
    }

    String shapeText() {
      return Arrays.toString(shape);
    }
  }

  private NpyReader() {}

  static NpyArray read(Path file) {
    DataFiles.requireRegularFile(
        file, DataFiles.FIX_SPEC_PATH); // before opening: opening a FIFO would block
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      return read(file, in);
    } catch (IOException e) {
      throw DataFiles.failure(file, e, DataFiles.FIX_SPEC_PATH);
    }
  }

  private static NpyArray read(Path file, InputStream in) throws IOException {
    byte[] start = in.readNBytes(8);
    if (start.length < 8 || !Arrays.equals(Arrays.copyOf(start, 6), MAGIC)) {
      throw new DataException(
          file + ": not an NPY file (it does not start with \\x93NUMPY); save arrays with np.save");
    }
    int major = start[6];
    if (major < 1 || major > 3 || start[7] != 0) {
      throw new DataException(
          file
              + ": NPY format version "
              + major
              + "."
              + start[7]
              + " is not supported, expected 1.0, 2.0 or 3.0");
    }
    byte[] lengthBytes = in.readNBytes(major == 1 ? 2 : 4);
    if (lengthBytes.length < (major == 1 ? 2 : 4)) throw truncatedHeader(file);
    ByteBuffer lb = ByteBuffer.wrap(lengthBytes).order(ByteOrder.LITTLE_ENDIAN);
    long headerLength = major == 1 ? lb.getShort() & 0xFFFF : lb.getInt() & 0xFFFFFFFFL;
    if (headerLength > MAX_HEADER) {
      throw new DataException(
          file
              + ": NPY header of "
              + headerLength
              + " bytes, more than "
              + MAX_HEADER
              + "; corrupt");
    }
    byte[] headerBytes = in.readNBytes((int) headerLength);
    if (headerBytes.length < headerLength) throw truncatedHeader(file);
    String header =
        new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    Map<String, Object> dict = new HeaderParser(file, header).dict();
    ByteOrder[] order = new ByteOrder[1];
    Dtype dtype = dtype(file, dict.get("descr"), order);
    if (!Boolean.FALSE.equals(dict.get("fortran_order"))) {
      throw new DataException(
          file
              + ": the array is stored in Fortran order (fortran_order: True), only C order is"
              + " read; save np.ascontiguousarray(a)");
    }
    long[] shape = shape(file, dict.get("shape"));
    long bytes = byteCount(file, shape, dtype);
    byte[] data = in.readNBytes((int) bytes);
    if (data.length < bytes) {
      throw new DataException(
          String.format(
              "%s: truncated: the header's shape %s of %s promises %d bytes of data, found %d;"
                  + " write the file again",
              file, Arrays.toString(shape), dtype.numpyName, bytes, data.length));
    }
    if (in.read() != -1) {
      throw new DataException(
          String.format(
              "%s: unexpected data after the %d bytes the header's shape %s of %s promises;"
                  + " the file is corrupt, write it again",
              file, bytes, Arrays.toString(shape), dtype.numpyName));
    }
    return new NpyArray(file, dtype, shape, ByteBuffer.wrap(data).order(order[0]));
  }

  private static DataException truncatedHeader(Path file) {
    return new DataException(file + ": truncated NPY header; write the file again");
  }

  private static Dtype dtype(Path file, Object descr, ByteOrder[] order) {
    if (descr instanceof String d && d.length() == 2 && d.charAt(1) == 'O') {
      throw new DataException(
          file
              + ": the array holds Python objects (dtype object, a pickle), which gradflow does"
              + " not read; save a numeric array, e.g. np.save(f, a.astype(np.float32))");
    }
    if (!(descr instanceof String d) || d.length() < 3) {
      throw new DataException(
          file
              + ": NPY dtype "
              + (descr instanceof List ? "is structured (a record type)" : "'" + descr + "'")
              + " is not supported; save a plain numeric array (float32, float64, integers)");
    }
    char byteOrder = d.charAt(0);
    order[0] = byteOrder == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    Dtype found =
        switch (d.substring(1)) {
          case "b1" -> Dtype.BOOL;
          case "i1" -> Dtype.INT8;
          case "u1" -> Dtype.UINT8;
          case "i2" -> Dtype.INT16;
          case "u2" -> Dtype.UINT16;
          case "i4" -> Dtype.INT32;
          case "u4" -> Dtype.UINT32;
          case "i8" -> Dtype.INT64;
          case "u8" -> Dtype.UINT64;
          case "f4" -> Dtype.FLOAT32;
          case "f8" -> Dtype.FLOAT64;
          default -> null;
        };
    boolean orderOk = byteOrder == '<' || byteOrder == '>' || (byteOrder == '|');
    if (found == null || !orderOk || (byteOrder == '|' && found.size != 1)) {
      throw new DataException(
          file
              + ": NPY dtype '"
              + d
              + "' is not supported; expected bool, int8..int64, uint8..uint64, float32 or"
              + " float64");
    }
    return found;
  }

  private static long[] shape(Path file, Object value) {
    if (!(value instanceof List<?> list)) {
      throw new DataException(file + ": NPY header has no shape tuple; the file is corrupt");
    }
    long[] shape = new long[list.size()];
    for (int i = 0; i < shape.length; i++) shape[i] = (Long) list.get(i);
    return shape;
  }

  /** The data's size in bytes, refused above 2 GiB (so also when the product overflows). */
  private static long byteCount(Path file, long[] shape, Dtype dtype) {
    long bytes = dtype.size;
    for (long d : shape) {
      // capped just above the limit, so no multiplication can overflow a long
      long cap = MAX_BYTES + 1;
      bytes = d != 0 && bytes > cap / d ? cap : Math.min(bytes * d, cap);
    }
    if (bytes > MAX_BYTES) {
      throw new DataException(
          String.format(
              "%s: the header's shape %s of %s is more than 2 GiB of data; gradflow reads"
                  + " arrays up to 2 GiB (or the header is corrupt)",
              file, Arrays.toString(shape), dtype.numpyName));
    }
    return bytes;
  }

  /**
   * Parses the header dict: string keys; values that are strings, True/False, or tuples of
   * non-negative integers (and lists, for structured dtypes, kept only to be refused).
   */
  private static final class HeaderParser {
    private final Path file;
    private final String text;
    private int at;

    HeaderParser(Path file, String text) {
      this.file = file;
      this.text = text;
    }

    Map<String, Object> dict() {
      Map<String, Object> dict = new LinkedHashMap<>();
      expect('{');
      while (peek() != '}') {
        Object key = value();
        if (!(key instanceof String k)) throw corrupt("a key that is not a string");
        expect(':');
        dict.put(k, value());
        if (peek() == ',') at++;
        else if (peek() != '}') throw corrupt("no ',' or '}' after a value");
      }
      at++;
      if (!text.substring(at).isBlank()) throw corrupt("text after the dict");
      for (String key : List.of("descr", "fortran_order", "shape"))
        if (!dict.containsKey(key)) throw corrupt("no '" + key + "'");
      return dict;
    }

    private Object value() {
      char c = peek();
      if (c == '\'' || c == '"') {
        int end = text.indexOf(c, at + 1);
        if (end < 0) throw corrupt("an unterminated string");
        String s = text.substring(at + 1, end);
        at = end + 1;
        return s;
      }
      if (c == '(' || c == '[') {
        char close = c == '(' ? ')' : ']';
        at++;
        List<Object> items = new ArrayList<>();
        while (peek() != close) {
          items.add(value());
          if (peek() == ',') at++;
          else if (peek() != close) throw corrupt("no ',' or '" + close + "' in a tuple");
        }
        at++;
        return items;
      }
      if (text.startsWith("True", at) || text.startsWith("False", at)) {
        boolean t = text.startsWith("True", at);
        at += t ? 4 : 5;
        return t;
      }
      int start = at;
      while (at < text.length() && Character.isDigit(text.charAt(at))) at++;
      if (start == at) throw corrupt("an unexpected '" + c + "'");
      String digits = text.substring(start, at);
      if (at < text.length() && text.charAt(at) == 'L') at++; // Python 2 long
      try {
        return Long.parseLong(digits);
      } catch (NumberFormatException e) {
        throw corrupt("a shape size of 2^63 or more (" + digits + ")");
      }
    }

    private char peek() {
      while (at < text.length() && Character.isWhitespace(text.charAt(at))) at++;
      if (at >= text.length()) throw corrupt("the header ends early");
      return text.charAt(at);
    }

    private void expect(char c) {
      if (peek() != c) throw corrupt("expected '" + c + "'");
      at++;
    }

    private DataException corrupt(String what) {
      return new DataException(
          file
              + ": corrupt NPY header ("
              + what
              + " at character "
              + at
              + "): "
              + text.strip()
              + "; write the file again with np.save");
    }
  }
}
