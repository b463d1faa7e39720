package gradflow.cli;

import static gradflow.cli.Cli.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code analyze --tensorboard DIR}, read back by a decoder written here from the TFRecord and
 * protobuf wire formats (it shares no code with the writer).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TensorBoardExportTest {
  private static final String[] SCALARS = {
    "mean_abs_grad",
    "mean_abs_signal",
    "weight_factor",
    "activation_factor",
    "grad_l2",
    "update_ratio",
    "dead_fraction",
    "saturated_fraction",
    "mean_abs_activation"
  };

  /** Element counts of the parameters of {@link Cli#HEALTHY} (20 → 32 → 3). */
  private static final Map<String, Integer> PARAMS =
      Map.of("dense_1.W", 640, "dense_1.b", 32, "dense_2.W", 96, "dense_2.b", 3);

  @TempDir static Path dir;
  private JsonNode report;
  private Path eventFile;
  private List<Event> events;
  private Event textEvent;

  @BeforeAll
  void analyzeOnce() throws IOException {
    Path spec = Cli.write(dir, "healthy.yaml", Cli.HEALTHY);
    Path json = dir.resolve("report.json");
    run(
            "analyze",
            spec.toString(),
            "-q",
            "--json",
            json.toString(),
            "--tensorboard",
            dir.resolve("tb").toString(),
            "--run-name",
            "run1",
            "--dump-step",
            "10",
            "--dump-dir",
            dir.resolve("dump").toString())
        .expectCode(ExitCodes.OK);
    report = Cli.readJson(Files.readString(json));
    try (Stream<Path> files = Files.list(dir.resolve("tb/run1"))) {
      List<Path> all = files.toList();
      assertEquals(1, all.size(), all::toString);
      eventFile = all.get(0);
    }
    events = new ArrayList<>();
    for (byte[] record : records(Files.readAllBytes(eventFile))) events.add(Event.decode(record));
    textEvent = events.remove(events.size() - 1); // the findings and verdict come last
  }

  @Test
  void fileIsNamedForTensorBoardAndStartsWithTheVersionEvent() {
    assertTrue(
        eventFile.getFileName().toString().matches("events\\.out\\.tfevents\\.\\d{10}\\.gradflow"),
        eventFile.toString());
    Event first = events.get(0);
    assertEquals("brain.Event:2", first.fileVersion);
    assertEquals(null, first.step);
    double now = System.currentTimeMillis() / 1000.0;
    assertTrue(first.wallTime > now - 600 && first.wallTime <= now, "wall_time " + first.wallTime);
  }

  @Test
  void oneEventPerLoggedStepOfTheReport() {
    List<Long> reportSteps = new ArrayList<>();
    for (JsonNode step : report.get("steps")) reportSteps.add(step.get("step").asLong());
    List<Long> eventSteps = events.stream().skip(1).map(e -> e.step).toList();
    assertEquals(List.of(0L, 10L, 20L, 30L, 39L), reportSteps);
    assertEquals(reportSteps, eventSteps);
    for (Event e : events.subList(1, events.size())) assertEquals(null, e.fileVersion);
  }

  @Test
  void scalarsEqualTheReportsPerStepValues() {
    JsonNode steps = report.get("steps");
    for (int i = 0; i < steps.size(); i++) {
      JsonNode step = steps.get(i);
      Map<String, Float> expected = new LinkedHashMap<>();
      expected.put("loss", (float) step.get("loss").asDouble());
      expected.put("accuracy", (float) step.get("accuracy").asDouble());
      for (JsonNode layer : step.get("layers"))
        for (String key : SCALARS)
          if (!layer.get(key).isNull()) // null in the report: NaN, not written
          expected.put(layer.get("name").asText() + "/" + key, (float) layer.get(key).asDouble());
      assertEquals(expected, events.get(i + 1).scalars, "step " + step.get("step"));
    }
    // the healthy net has relu then softmax: dead fraction applies to dense_1 only
    assertTrue(events.get(1).scalars.containsKey("dense_1/dead_fraction"));
    assertFalse(events.get(1).scalars.containsKey("dense_2/dead_fraction"));
  }

  @Test
  void histogramsHave30BucketsCoveringEveryElement() {
    for (Event e : events.subList(1, events.size())) {
      List<String> expectedTags = new ArrayList<>();
      for (String p : List.of("dense_1.W", "dense_1.b", "dense_2.W", "dense_2.b"))
        expectedTags.addAll(List.of(p + "/grad", p + "/weight"));
      assertEquals(
          expectedTags.stream().sorted().toList(),
          e.histograms.keySet().stream().sorted().toList(),
          "step " + e.step);
      e.histograms.forEach(
          (tag, h) -> {
            String where = tag + " at step " + e.step;
            int elements = PARAMS.get(tag.substring(0, tag.indexOf('/')));
            assertEquals(30, h.limits.length, where);
            assertEquals(30, h.counts.length, where);
            assertEquals(elements, h.num, where);
            double total = 0;
            for (double c : h.counts) {
              assertTrue(c >= 0 && c == Math.rint(c), where + ": count " + c);
              total += c;
            }
            assertEquals(elements, total, where);
            for (int i = 1; i < 30; i++) assertTrue(h.limits[i] > h.limits[i - 1], where);
            assertTrue(h.min <= h.max && h.limits[29] >= h.max, where);
            if (h.min < h.max) {
              assertTrue(h.limits[0] >= h.min && h.limits[0] < h.max, where);
              assertTrue(h.counts[0] >= 1 && h.counts[29] >= 1, where);
            } else { // all equal (zero biases at step 0): one bucket holds them all
              int i = 0;
              while (h.counts[i] == 0) i++;
              assertEquals(elements, h.counts[i], where);
              assertTrue(h.min <= h.limits[i] && (i == 0 || h.min > h.limits[i - 1]), where);
            }
          });
    }
  }

  /** --dump-step 10 writes the same step's weights and gradients, before the update. */
  @Test
  void histogramStatisticsMatchTheDumpedArrays() {
    Event step10 = events.stream().filter(e -> e.step != null && e.step == 10).findFirst().get();
    Map<String, String> dumpFiles =
        Map.of(
            "dense_1.W/weight", "dense_1.W.npy",
            "dense_1.W/grad", "dense_1.W.grad.npy",
            "dense_1.b/weight", "dense_1.b.npy",
            "dense_1.b/grad", "dense_1.b.grad.npy",
            "dense_2.W/weight", "dense_2.W.npy",
            "dense_2.W/grad", "dense_2.W.grad.npy",
            "dense_2.b/weight", "dense_2.b.npy",
            "dense_2.b/grad", "dense_2.b.grad.npy");
    dumpFiles.forEach(
        (tag, file) -> {
          INDArray a = Nd4j.createFromNpyFile(dir.resolve("dump").resolve(file).toFile());
          double[] v = a.castTo(DataType.DOUBLE).reshape(a.length()).toDoubleVector();
          double min = Double.POSITIVE_INFINITY;
          double max = Double.NEGATIVE_INFINITY;
          double sum = 0;
          double sumSquares = 0;
          for (double x : v) {
            min = Math.min(min, x);
            max = Math.max(max, x);
            sum += x;
            sumSquares += x * x;
          }
          Histo h = step10.histograms.get(tag);
          assertEquals(min, h.min, 0, tag);
          assertEquals(max, h.max, 0, tag);
          assertEquals(sumSquares, h.sumSquares, 1e-9 * sumSquares, tag);
          assertTrue(Math.abs(sum - h.sum) <= 1e-6 * (Math.sqrt(sumSquares * v.length) + 1e-30));
          // bucket i holds the values in (limits[i-1], limits[i]], the first one everything below
          double[] counts = new double[30];
          for (double x : v) {
            int i = 0;
            while (x > h.limits[i]) i++;
            counts[i]++;
          }
          assertArrayEquals(counts, h.counts, tag);
        });
    assertTrue(step10.histograms.get("dense_1.W/grad").max > 0); // a real gradient, not zeros
  }

  @Test
  void everyRecordsCrcsAreCheckedAndAFlippedByteIsDetected() throws IOException {
    byte[] bytes = Files.readAllBytes(eventFile);
    assertEquals(events.size() + 1, records(bytes).size()); // the steps, then the text event
    int firstLength = (int) le(bytes, 0, 8);
    int second = 8 + 4 + firstLength + 4; // start of the second record
    for (int offset : new int[] {0, 8, 12, second + 2, second + 12 + 5, bytes.length - 1}) {
      byte[] damaged = bytes.clone();
      damaged[offset] ^= 0x10;
      assertThrows(IllegalStateException.class, () -> records(damaged), "flip at " + offset);
    }
    byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 3);
    assertThrows(IllegalStateException.class, () -> records(truncated));
  }

  @Test
  void trainingIsTheSameWithAndWithoutTheExport() throws IOException {
    Path spec = Cli.write(dir, "again.yaml", Cli.HEALTHY);
    Path json = dir.resolve("plain.json");
    run("analyze", spec.toString(), "-q", "--json", json.toString()).expectCode(ExitCodes.OK);
    JsonNode plain = Cli.readJson(Files.readString(json));
    assertEquals(plain.get("steps"), report.get("steps"));
    assertEquals(plain.get("layers"), report.get("layers"));
  }

  /** Training that overflows stops with NaN weights: the file stays whole, NaN scalars are out. */
  @Test
  void aRunThatBlowsUpStillWritesWholeRecords() throws IOException {
    Path spec = Cli.write(dir, "nan.yaml", Cli.BLOWS_UP);
    Path tb = dir.resolve("tb-nan");
    run("analyze", spec.toString(), "-q", "--tensorboard", tb.toString(), "--run-name", "nan")
        .expectCode(ExitCodes.FINDINGS)
        .expectNoStackTrace();
    List<Event> decoded = new ArrayList<>();
    try (Stream<Path> files = Files.list(tb.resolve("nan"))) {
      for (byte[] record : records(Files.readAllBytes(files.findFirst().get())))
        decoded.add(Event.decode(record));
    }
    Event text = decoded.remove(decoded.size() - 1);
    assertTrue(text.texts.get("findings").contains("NON_FINITE"), text.texts::toString);
    Event last = decoded.get(decoded.size() - 1);
    assertTrue(decoded.size() >= 2 && last.step < 39, "stops early, at step " + last.step);
    last.scalars.values().forEach(v -> assertFalse(v.isNaN(), last.scalars::toString));
  }

  /** compare --tensorboard: one run folder per variant, in order, each a whole event file. */
  @Test
  void compareWritesOneRunPerVariant() throws IOException {
    Path spec = Cli.write(dir, "healthy-cmp.yaml", Cli.HEALTHY);
    Path json = dir.resolve("compare.json");
    Path tb = dir.resolve("tb-compare");
    run(
            "compare",
            spec.toString(),
            "--sweep",
            "activation=sigmoid,relu",
            "--steps",
            "20",
            "--jobs",
            "2",
            "-q",
            "--fail-on",
            "never",
            "--json",
            json.toString(),
            "--tensorboard",
            tb.toString())
        .expectCode(ExitCodes.OK);
    List<Path> compareRuns;
    try (Stream<Path> files = Files.list(tb)) {
      compareRuns = files.toList();
    }
    assertEquals(1, compareRuns.size(), compareRuns::toString);
    assertTrue(
        compareRuns.get(0).getFileName().toString().matches("compare-\\d{8}-\\d{6}"),
        compareRuns::toString);
    List<Path> runs;
    try (Stream<Path> files = Files.list(compareRuns.get(0))) {
      runs = files.sorted().toList();
    }
    assertEquals(
        List.of("01_blobs-healthy_activation=sigmoid", "02_blobs-healthy_activation=relu"),
        runs.stream().map(p -> p.getFileName().toString()).toList());
    JsonNode variants = Cli.readJson(Files.readString(json)).get("variants");
    List<Float> firstLosses = new ArrayList<>();
    for (Path runDir : runs) {
      List<Path> files;
      try (Stream<Path> s = Files.list(runDir)) {
        files = s.toList();
      }
      assertEquals(1, files.size(), files::toString);
      List<Event> decoded = new ArrayList<>();
      for (byte[] record : records(Files.readAllBytes(files.get(0))))
        decoded.add(Event.decode(record));
      assertTrue(decoded.remove(decoded.size() - 1).texts.containsKey("verdict"));
      assertEquals(
          List.of(0L, 10L, 19L), decoded.stream().skip(1).map(e -> e.step).toList(), "steps");
      Event last = decoded.get(decoded.size() - 1);
      int variant = runs.indexOf(runDir);
      double finalLoss = variants.get(variant).get("final_loss").asDouble();
      assertEquals(finalLoss, last.scalars.get("loss"), 1e-6 * Math.abs(finalLoss) + 1e-7);
      firstLosses.add(decoded.get(1).scalars.get("loss"));
    }
    assertFalse(firstLosses.get(0).equals(firstLosses.get(1)), "two different variants");
  }

  @Test
  void theFindingsAndTheVerdictAreTextSummariesAtTheLastStep() {
    assertEquals(39L, textEvent.step);
    assertEquals(List.of("findings", "verdict"), List.copyOf(textEvent.texts.keySet()));
    assertTrue(textEvent.scalars.isEmpty() && textEvent.histograms.isEmpty());
    assertEquals("No findings.", textEvent.texts.get("findings"));
    assertEquals("verdict: PASS (fail on: error)", textEvent.texts.get("verdict"));
  }

  @Test
  void aSecondRunIntoTheSameFolderIsItsOwnRun() throws IOException {
    Path spec = Cli.write(dir, "dead.yaml", Cli.DEAD_RELU);
    Path tb = dir.resolve("tb-twice");
    for (int i = 0; i < 2; i++)
      run("analyze", spec.toString(), "-q", "--tensorboard", tb.toString())
          .expectCode(ExitCodes.FINDINGS);
    List<Path> runs;
    try (Stream<Path> files = Files.list(tb)) {
      runs = files.sorted().toList();
    }
    assertEquals(2, runs.size(), runs::toString);
    for (Path runDir : runs) {
      assertTrue(
          runDir.getFileName().toString().matches("blobs-dead-\\d{8}-\\d{6}(-2)?"),
          runDir::toString);
      List<Path> files;
      try (Stream<Path> s = Files.list(runDir)) {
        files = s.toList();
      }
      assertEquals(1, files.size(), files::toString);
      List<byte[]> records = records(Files.readAllBytes(files.get(0)));
      Event text = Event.decode(records.get(records.size() - 1));
      assertTrue(
          text.texts.get("findings").contains("**ERROR DEAD_UNITS** at `dense_1`"),
          text.texts::toString);
      assertTrue(text.texts.get("findings").contains("fix: "), text.texts::toString);
      assertTrue(text.texts.get("verdict").startsWith("verdict: FAIL"), text.texts::toString);
    }
  }

  @Test
  void aTakenOrUnsafeRunNameIsAUserError() {
    Cli.Result r =
        run(
            "analyze",
            dir.resolve("healthy.yaml").toString(),
            "-q",
            "--tensorboard",
            dir.resolve("tb").toString(),
            "--run-name",
            "run1");
    r.expectCode(ExitCodes.INVALID_INPUT).expectNoStackTrace();
    assertTrue(r.err().contains("already holds a run"), r.err());
    r =
        run(
            "analyze",
            dir.resolve("healthy.yaml").toString(),
            "-q",
            "--tensorboard",
            dir.resolve("tb").toString(),
            "--run-name",
            "../up");
    r.expectCode(ExitCodes.INVALID_INPUT);
    assertTrue(r.err().contains("must be one folder name"), r.err());
    r = run("analyze", dir.resolve("healthy.yaml").toString(), "-q", "--run-name", "x");
    r.expectCode(ExitCodes.INVALID_INPUT);
    assertTrue(r.err().contains("give --tensorboard DIR too"), r.err());
  }

  @Test
  void aFileInPlaceOfTheFolderIsAUserError() throws IOException {
    Path spec = Cli.write(dir, "healthy2.yaml", Cli.HEALTHY);
    Path file = Cli.write(dir, "not-a-dir", "x");
    Cli.Result r = run("analyze", spec.toString(), "-q", "--tensorboard", file.toString());
    r.expectCode(ExitCodes.INVALID_INPUT).expectNoStackTrace();
    assertTrue(r.err().contains("--tensorboard"), r.err());
  }

  @Test
  void helpDescribesTheOption() {
    Cli.Result r = run("analyze", "--help").expectCode(ExitCodes.OK);
    assertTrue(r.out().contains("--tensorboard=DIR"), r.out());
  }

  // ---- an independent reader of TFRecord framing and the few protobuf messages involved ----

  /** Splits TFRecords, checking both masked CRC32Cs; throws IllegalStateException on damage. */
  static List<byte[]> records(byte[] file) {
    List<byte[]> out = new ArrayList<>();
    int pos = 0;
    while (pos < file.length) {
      if (pos + 12 > file.length) throw new IllegalStateException("truncated header at " + pos);
      long length = le(file, pos, 8);
      if (masked(file, pos, 8) != (int) le(file, pos + 8, 4))
        throw new IllegalStateException("length CRC mismatch at " + pos);
      if (length < 0 || pos + 12 + length + 4 > file.length)
        throw new IllegalStateException("truncated record at " + pos);
      int start = pos + 12;
      if (masked(file, start, (int) length) != (int) le(file, start + (int) length, 4))
        throw new IllegalStateException("data CRC mismatch at " + pos);
      out.add(java.util.Arrays.copyOfRange(file, start, start + (int) length));
      pos = start + (int) length + 4;
    }
    return out;
  }

  private static long le(byte[] b, int offset, int n) {
    long v = 0;
    for (int i = n - 1; i >= 0; i--) v = (v << 8) | (b[offset + i] & 0xFFL);
    return v;
  }

  private static int masked(byte[] b, int offset, int n) {
    CRC32C crc = new CRC32C();
    crc.update(b, offset, n);
    long c = crc.getValue();
    long rotated = ((c >> 15) | (c << 17)) & 0xFFFFFFFFL;
    return (int) ((rotated + 0xa282ead8L) & 0xFFFFFFFFL);
  }

  /** One field of a protobuf message: its number and raw payload. */
  private record Field(int number, int wireType, long number64, byte[] bytes) {}

  private static List<Field> fields(byte[] message) {
    ByteBuffer in = ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN);
    List<Field> out = new ArrayList<>();
    while (in.hasRemaining()) {
      long key = varint(in);
      int number = (int) (key >>> 3);
      int type = (int) (key & 7);
      switch (type) {
        case 0 -> out.add(new Field(number, type, varint(in), null));
        case 1 -> out.add(new Field(number, type, in.getLong(), null));
        case 5 -> out.add(new Field(number, type, in.getInt() & 0xFFFFFFFFL, null));
        case 2 -> {
          byte[] b = new byte[(int) varint(in)];
          in.get(b);
          out.add(new Field(number, type, 0, b));
        }
        default -> throw new IllegalStateException("wire type " + type);
      }
    }
    return out;
  }

  private static long varint(ByteBuffer in) {
    long v = 0;
    for (int shift = 0; ; shift += 7) {
      int b = in.get() & 0xFF;
      v |= (long) (b & 0x7F) << shift;
      if (b < 0x80) return v;
    }
  }

  private static double asDouble(Field f) {
    assertEquals(1, f.wireType, "field " + f.number + " must be a fixed64 double");
    return Double.longBitsToDouble(f.number64);
  }

  private static double[] packedDoubles(Field f) {
    ByteBuffer b = ByteBuffer.wrap(f.bytes).order(ByteOrder.LITTLE_ENDIAN);
    double[] v = new double[f.bytes.length / 8];
    for (int i = 0; i < v.length; i++) v[i] = b.getDouble();
    return v;
  }

  private record Histo(
      double min,
      double max,
      double num,
      double sum,
      double sumSquares,
      double[] limits,
      double[] counts) {}

  private static final class Event {
    double wallTime;
    Long step;
    String fileVersion;
    final Map<String, Float> scalars = new LinkedHashMap<>();
    final Map<String, Histo> histograms = new LinkedHashMap<>();
    final Map<String, String> texts = new LinkedHashMap<>();
    byte[] summary; // the Summary message as written, for TensorFlow's own parser

    static Event decode(byte[] record) {
      Event e = new Event();
      for (Field f : fields(record)) {
        switch (f.number) {
          case 1 -> e.wallTime = asDouble(f);
          case 2 -> e.step = f.number64;
          case 3 -> e.fileVersion = new String(f.bytes, StandardCharsets.UTF_8);
          case 5 -> {
            e.summary = f.bytes;
            for (Field value : fields(f.bytes)) {
              assertEquals(1, value.number, "Summary has only repeated value = 1");
              e.addValue(fields(value.bytes));
            }
          }
          default -> throw new AssertionError("unexpected Event field " + f.number);
        }
      }
      return e;
    }

    private void addValue(List<Field> value) {
      String tag = null;
      Float simple = null;
      Histo histo = null;
      String text = null;
      String plugin = null;
      for (Field f : value) {
        switch (f.number) {
          case 1 -> tag = new String(f.bytes, StandardCharsets.UTF_8);
          case 2 -> {
            assertEquals(5, f.wireType, "simple_value is a fixed32 float");
            simple = Float.intBitsToFloat((int) f.number64);
          }
          case 5 -> histo = histo(fields(f.bytes));
          case 8 -> text = stringTensor(fields(f.bytes));
          case 9 -> plugin = textPlugin(fields(f.bytes));
          default -> throw new AssertionError("unexpected Summary.Value field " + f.number);
        }
      }
      int kinds = (simple == null ? 0 : 1) + (histo == null ? 0 : 1) + (text == null ? 0 : 1);
      assertTrue(tag != null && kinds == 1, "value " + tag);
      assertEquals(text == null ? null : "text", plugin, "a text value names the text plugin");
      assertFalse(
          scalars.containsKey(tag) || histograms.containsKey(tag) || texts.containsKey(tag),
          "repeated tag " + tag);
      if (simple != null) scalars.put(tag, simple);
      else if (histo != null) histograms.put(tag, histo);
      else texts.put(tag, text);
    }

    /** TensorProto of a scalar string: dtype DT_STRING (7), an empty shape, one string_val. */
    private static String stringTensor(List<Field> fields) {
      assertEquals(3, fields.size(), "dtype, tensor_shape, string_val");
      assertEquals(1, fields.get(0).number);
      assertEquals(7, fields.get(0).number64, "DT_STRING");
      assertEquals(2, fields.get(1).number);
      assertEquals(0, fields.get(1).bytes.length, "a scalar: no dims");
      assertEquals(8, fields.get(2).number, "string_val");
      return new String(fields.get(2).bytes, StandardCharsets.UTF_8);
    }

    /** SummaryMetadata: plugin_data.plugin_name, and data_class DATA_CLASS_TENSOR (2). */
    private static String textPlugin(List<Field> fields) {
      String name = null;
      long dataClass = 0;
      for (Field f : fields) {
        if (f.number == 1)
          for (Field p : fields(f.bytes))
            if (p.number == 1) name = new String(p.bytes, StandardCharsets.UTF_8);
        if (f.number == 4) dataClass = f.number64;
      }
      assertEquals(2, dataClass, "DATA_CLASS_TENSOR");
      return name;
    }

    private static Histo histo(List<Field> fields) {
      double[] d = new double[5];
      double[] limits = null;
      double[] counts = null;
      for (Field f : fields) {
        if (f.number >= 1 && f.number <= 5) d[f.number - 1] = asDouble(f);
        else if (f.number == 6) limits = packedDoubles(f);
        else if (f.number == 7) counts = packedDoubles(f);
        else throw new AssertionError("unexpected HistogramProto field " + f.number);
      }
      return new Histo(d[0], d[1], d[2], d[3], d[4], limits, counts);
    }
  }

  /**
   * TensorFlow's own Summary message (its protos ship in nd4j-api) reads the text summaries as the
   * text plugin does, independently of this test's decoder. That proto version predates data_class,
   * so it keeps field 4 as an unknown varint.
   */
  @Test
  void tensorFlowsSummaryMessageReadsTheTextSummaries() throws Exception {
    org.tensorflow.framework.Summary s =
        org.tensorflow.framework.Summary.parseFrom(textEvent.summary);
    assertEquals(2, s.getValueCount());
    org.tensorflow.framework.Summary.Value verdict = s.getValue(1);
    assertEquals("verdict", verdict.getTag());
    assertEquals("text", verdict.getMetadata().getPluginData().getPluginName());
    assertEquals(List.of(2L), verdict.getMetadata().getUnknownFields().getField(4).getVarintList());
    assertEquals(org.tensorflow.framework.DataType.DT_STRING, verdict.getTensor().getDtype());
    assertEquals(0, verdict.getTensor().getTensorShape().getDimCount());
    assertEquals(
        "verdict: PASS (fail on: error)", verdict.getTensor().getStringVal(0).toStringUtf8());
    assertEquals("findings", s.getValue(0).getTag());
  }

  @Test
  void decoderReadsAHandEncodedEvent() {
    // Event{wall_time: 1.5, step: 300, summary{value{tag: "a", simple_value: 0.25}}}, by hand
    byte[] event = {
      0x09,
      0,
      0,
      0,
      0,
      0,
      0,
      (byte) 0xF8,
      0x3F, // field 1, fixed64: 1.5
      0x10,
      (byte) 0xAC,
      0x02, // field 2, varint 300
      0x2A,
      0x0A,
      0x0A,
      0x08,
      0x0A,
      0x01,
      'a',
      0x15,
      0,
      0,
      (byte) 0x80,
      0x3E
    };
    Event e = Event.decode(event);
    assertEquals(1.5, e.wallTime);
    assertEquals(300L, e.step);
    assertEquals(Map.of("a", 0.25f), e.scalars);
    // the masked CRC32C of an empty record: crc 0 rotated is 0, plus the delta
    assertArrayEquals(new int[] {0xa282ead8}, new int[] {masked(new byte[0], 0, 0)});
  }
}
