package gradflow.report.tensorboard;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Encodes one protocol-buffer message by hand: varints, fixed 32/64-bit numbers and
 * length-delimited fields, enough for TensorBoard's Event, Summary and HistogramProto (no protobuf
 * dependency). Fields are written in the order the methods are called.
 */
final class ProtoWriter {
  private static final int VARINT = 0;
  private static final int FIXED64 = 1;
  private static final int LENGTH_DELIMITED = 2;
  private static final int FIXED32 = 5;

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

  ProtoWriter doubleField(int field, double value) {
    tag(field, FIXED64);
    fixed64(Double.doubleToRawLongBits(value));
    return this;
  }

  ProtoWriter floatField(int field, float value) {
    tag(field, FIXED32);
    fixed32(Float.floatToRawIntBits(value));
    return this;
  }

  ProtoWriter int64Field(int field, long value) {
    tag(field, VARINT);
    varint(value);
    return this;
  }

  ProtoWriter stringField(int field, String value) {
    return bytesField(field, value.getBytes(StandardCharsets.UTF_8));
  }

  ProtoWriter messageField(int field, ProtoWriter message) {
    return bytesField(field, message.toByteArray());
  }

  /** A packed repeated double: one length-delimited field holding 8 bytes per value. */
  ProtoWriter packedDoubles(int field, double[] values) {
    ProtoWriter packed = new ProtoWriter();
    for (double v : values) packed.fixed64(Double.doubleToRawLongBits(v));
    return bytesField(field, packed.toByteArray());
  }

  byte[] toByteArray() {
    return bytes.toByteArray();
  }

  private ProtoWriter bytesField(int field, byte[] value) {
    tag(field, LENGTH_DELIMITED);
    varint(value.length);
    bytes.writeBytes(value);
    return this;
  }

  private void tag(int field, int wireType) {
    varint(((long) field << 3) | wireType);
  }

  /** Seven bits a byte, low group first; a negative int64 takes ten bytes, as protobuf says. */
  private void varint(long value) {
    while ((value & ~0x7FL) != 0) {
      bytes.write((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    bytes.write((int) value);
  }

  private void fixed32(int value) {
    for (int i = 0; i < 4; i++) bytes.write((value >>> (8 * i)) & 0xFF);
  }

  private void fixed64(long value) {
    for (int i = 0; i < 8; i++) bytes.write((int) ((value >>> (8 * i)) & 0xFF));
  }
}
