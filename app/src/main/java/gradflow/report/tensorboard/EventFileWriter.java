package gradflow.report.tensorboard;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Writes a TensorBoard event file, {@code DIR/events.out.tfevents.<unix-seconds>.gradflow}:
 * TFRecord framing (uint64 length, masked CRC32C of the length, data, masked CRC32C of the data,
 * little endian) around protobuf Events. The first Event holds the file version "brain.Event:2";
 * then one Event per step with a Summary of scalars and histograms, and text summaries (findings,
 * verdict) at the end.
 *
 * <p>Events go to the final name as they are written and each is flushed: TensorBoard tails event
 * files, so a run in progress shows up live, and a run that dies leaves whole records behind.
 */
public final class EventFileWriter implements Closeable {
  private static final int MASK_DELTA = 0xa282ead8;

  private final Path file;
  private final OutputStream out;

  private EventFileWriter(Path file, OutputStream out) {
    this.file = file;
    this.out = out;
  }

  /** Creates {@code dir} if needed and a new event file in it, and writes the version event. */
  public static EventFileWriter create(Path dir) throws IOException {
    Files.createDirectories(dir);
    long seconds = System.currentTimeMillis() / 1000;
    String base = "events.out.tfevents." + seconds + ".gradflow";
    for (int attempt = 0; ; attempt++) {
      // two runs in the same second into one folder: never overwrite, add a counter
      Path file = dir.resolve(attempt == 0 ? base : base + "." + attempt);
      OutputStream out;
      try {
        out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW);
      } catch (FileAlreadyExistsException e) {
        if (attempt >= 100)
          throw new FileSystemException(
              file.toString(), null, "it and its 100 numbered variants exist");
        continue;
      }
      return open(file, out);
    }
  }

  /**
   * A writer of the event file {@code file} through {@code out}; writes the version event. Every
   * IOException it throws, here and later, is a FileSystemException that names {@code file}.
   */
  public static EventFileWriter open(Path file, OutputStream out) throws IOException {
    EventFileWriter writer = new EventFileWriter(file, new BufferedOutputStream(out));
    try {
      writer.writeEvent(event().stringField(3, "brain.Event:2"));
    } catch (IOException e) {
      try {
        out.close();
      } catch (IOException ignored) {
        // the write failure is the one to report
      }
      throw e;
    }
    return writer;
  }

  /** The event file being written. */
  public Path file() {
    return file;
  }

  /**
   * One Event at {@code step}: a Summary whose values are the scalars (simple_value), then the
   * histograms (histo), each in map order. Empty maps still write the event.
   */
  public void write(long step, Map<String, Float> scalars, Map<String, Histogram> histograms)
      throws IOException {
    ProtoWriter summary = new ProtoWriter();
    scalars.forEach(
        (tag, value) ->
            summary.messageField(1, new ProtoWriter().stringField(1, tag).floatField(2, value)));
    histograms.forEach(
        (tag, h) ->
            summary.messageField(
                1, new ProtoWriter().stringField(1, tag).messageField(5, histogram(h))));
    writeEvent(event().int64Field(2, step).messageField(5, summary));
  }

  /**
   * One Event at {@code step} whose Summary holds each text as TensorBoard's text plugin reads it:
   * a Value with the tag, metadata naming plugin "text" (data class tensor) and a scalar string
   * tensor (DT_STRING) holding the markdown.
   */
  public void writeTexts(long step, Map<String, String> texts) throws IOException {
    ProtoWriter summary = new ProtoWriter();
    texts.forEach(
        (tag, text) ->
            summary.messageField(
                1,
                new ProtoWriter()
                    .stringField(1, tag)
                    .messageField(8, stringTensor(text))
                    .messageField(9, textMetadata())));
    writeEvent(event().int64Field(2, step).messageField(5, summary));
  }

  /**
   * SummaryMetadata: plugin_data {plugin_name: "text"} (no content: version 0), DATA_CLASS_TENSOR.
   */
  private static ProtoWriter textMetadata() {
    return new ProtoWriter()
        .messageField(1, new ProtoWriter().stringField(1, "text"))
        .int64Field(4, 2);
  }

  /** TensorProto: dtype DT_STRING (7), an empty tensor_shape (a scalar), string_val. */
  private static ProtoWriter stringTensor(String text) {
    return new ProtoWriter()
        .int64Field(1, 7)
        .messageField(2, new ProtoWriter())
        .stringField(8, text);
  }

  @Override
  public void close() throws IOException {
    try {
      out.close();
    } catch (IOException e) {
      throw naming(e);
    }
  }

  /** {@code e} as a FileSystemException whose file is the event file and reason e's own. */
  private FileSystemException naming(IOException e) {
    String reason =
        e instanceof FileSystemException f && f.getReason() != null
            ? f.getReason()
            : e.getMessage();
    FileSystemException named =
        new FileSystemException(file.toString(), null, reason == null ? e.toString() : reason);
    named.initCause(e);
    return named;
  }

  private static ProtoWriter event() {
    return new ProtoWriter().doubleField(1, System.currentTimeMillis() / 1000.0);
  }

  private static ProtoWriter histogram(Histogram h) {
    return new ProtoWriter()
        .doubleField(1, h.min())
        .doubleField(2, h.max())
        .doubleField(3, h.num())
        .doubleField(4, h.sum())
        .doubleField(5, h.sumSquares())
        .packedDoubles(6, h.limits())
        .packedDoubles(7, h.counts());
  }

  private void writeEvent(ProtoWriter event) throws IOException {
    try {
      writeRecord(event.toByteArray());
    } catch (IOException e) {
      throw naming(e);
    }
  }

  private void writeRecord(byte[] data) throws IOException {
    byte[] length = new byte[8];
    for (int i = 0; i < 8; i++) length[i] = (byte) ((long) data.length >>> (8 * i));
    out.write(length);
    writeInt(maskedCrc(length));
    out.write(data);
    writeInt(maskedCrc(data));
    out.flush();
  }

  private void writeInt(int value) throws IOException {
    for (int i = 0; i < 4; i++) out.write((value >>> (8 * i)) & 0xFF);
  }

  /** TFRecord's masked CRC32C: rotate right by 15 bits and add a constant (32-bit arithmetic). */
  static int maskedCrc(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    int c = (int) crc.getValue();
    return ((c >>> 15) | (c << 17)) + MASK_DELTA;
  }
}
