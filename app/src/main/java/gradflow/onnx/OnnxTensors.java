package gradflow.onnx;

import gradflow.spec.ModelImport.Failure;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import onnx.Onnx.StringStringEntryProto;
import onnx.Onnx.TensorProto;

/**
 * ONNX tensors as float arrays: FLOAT and DOUBLE data (raw little-endian bytes, the typed fields,
 * or an external data file beside the model), and INT64 for shape constants.
 */
final class OnnxTensors {
  private static final int FLOAT = 1;
  private static final int INT64 = 7;
  private static final int DOUBLE = 11;

  private OnnxTensors() {}

  /** A tensor's values and shape. */
  record Tensor(String name, long[] dims, float[] values) {
    long size() {
      long n = 1;
      for (long d : dims) n *= d;
      return n;
    }
  }

  static long[] dims(TensorProto t) {
    return t.getDimsList().stream().mapToLong(Long::longValue).toArray();
  }

  /** The values of a FLOAT or DOUBLE tensor, checked against its dims. */
  static Tensor floats(TensorProto t, Path modelDir) throws Failure {
    long[] dims = dims(t);
    long size = 1;
    for (long d : dims) {
      if (d < 0) throw new Failure("tensor '" + t.getName() + "' has a negative dimension", null);
      size = Math.multiplyExact(size, d);
    }
    if (size > Integer.MAX_VALUE - 8)
      throw new Failure("tensor '" + t.getName() + "' has " + size + " values, too many", null);
    int n = (int) size;
    float[] values = new float[n];
    byte[] raw = raw(t, modelDir);
    switch (t.getDataType()) {
      case FLOAT -> {
        if (raw != null) {
          requireBytes(t, raw, 4L * n);
          ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        } else {
          requireCount(t, t.getFloatDataCount(), n);
          for (int i = 0; i < n; i++) values[i] = t.getFloatData(i);
        }
      }
      case DOUBLE -> {
        if (raw != null) {
          requireBytes(t, raw, 8L * n);
          var doubles = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer();
          for (int i = 0; i < n; i++) values[i] = (float) doubles.get(i);
        } else {
          requireCount(t, t.getDoubleDataCount(), n);
          for (int i = 0; i < n; i++) values[i] = (float) t.getDoubleData(i);
        }
      }
      default ->
          throw new Failure(
              "tensor '"
                  + t.getName()
                  + "' holds data type "
                  + t.getDataType()
                  + "; only float32 and float64 weights are supported",
              "export the model in float32");
    }
    return new Tensor(t.getName(), dims, values);
  }

  /** The values of an INT64 tensor (shapes, pads). */
  static long[] longs(TensorProto t, Path modelDir) throws Failure {
    if (t.getDataType() != INT64)
      throw new Failure("tensor '" + t.getName() + "' is not int64", null);
    byte[] raw = raw(t, modelDir);
    if (raw == null) return t.getInt64DataList().stream().mapToLong(Long::longValue).toArray();
    long[] values = new long[raw.length / 8];
    ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(values);
    return values;
  }

  /** Raw bytes from raw_data or an external file; null when the typed fields hold the data. */
  private static byte[] raw(TensorProto t, Path modelDir) throws Failure {
    if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) return external(t, modelDir);
    return t.getRawData().isEmpty() ? null : t.getRawData().toByteArray();
  }

  private static byte[] external(TensorProto t, Path modelDir) throws Failure {
    String location = null;
    long offset = 0;
    long length = -1;
    for (StringStringEntryProto e : t.getExternalDataList()) {
      switch (e.getKey()) {
        case "location" -> location = e.getValue();
        case "offset" -> offset = Long.parseLong(e.getValue());
        case "length" -> length = Long.parseLong(e.getValue());
        default -> {}
      }
    }
    if (location == null)
      throw new Failure("tensor '" + t.getName() + "' is external but names no file", null);
    Path file = modelDir.resolve(location);
    if (!Files.isRegularFile(file))
      throw new Failure(
          "tensor '"
              + t.getName()
              + "' is stored in the external data file "
              + file
              + ", which is missing",
          "keep the external data file beside the model, as the exporter wrote it");
    try (var channel = Files.newByteChannel(file)) {
      long size = length >= 0 ? length : channel.size() - offset;
      if (offset < 0 || size < 0 || offset + size > channel.size() || size > Integer.MAX_VALUE - 8)
        throw new Failure(
            "tensor '" + t.getName() + "': " + file + " is shorter than the tensor it holds",
            "export the model again");
      ByteBuffer buffer = ByteBuffer.allocate((int) size);
      channel.position(offset);
      while (buffer.hasRemaining() && channel.read(buffer) > 0) {}
      return buffer.array();
    } catch (IOException e) {
      throw new Failure("cannot read " + file + ": " + e.getMessage(), null);
    }
  }

  private static void requireBytes(TensorProto t, byte[] raw, long expected) throws Failure {
    if (raw.length != expected)
      throw new Failure(
          "tensor '"
              + t.getName()
              + "' has "
              + raw.length
              + " bytes of data, its shape needs "
              + expected,
          "the file is corrupt or truncated; export the model again");
  }

  private static void requireCount(TensorProto t, int found, int expected) throws Failure {
    if (found != expected)
      throw new Failure(
          "tensor '" + t.getName() + "' has " + found + " values, its shape needs " + expected,
          "the file is corrupt or truncated; export the model again");
  }
}
