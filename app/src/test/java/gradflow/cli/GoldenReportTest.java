package gradflow.cli;

import static gradflow.cli.Cli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden reports: every {@code testdata/<case>/spec.yaml} runs through {@link Main#run} and must
 * match {@code expected-report.json}, ignoring provenance and timings, with numbers rounded to 6
 * significant digits and compared to a relative 1e-5 (float32 kernels differ in the last bits). The
 * expected file holds exactly what is compared (the report without provenance and timings,
 * rounded), so a regeneration diff shows only real changes. Regenerate only on purpose, with {@code
 * -Dgradflow.updateGolden=true}, and review that diff like code.
 */
class GoldenReportTest {
  private static final boolean UPDATE = Boolean.getBoolean("gradflow.updateGolden");
  private static final MathContext SIX_DIGITS = new MathContext(6, RoundingMode.HALF_EVEN);

  static Stream<Path> cases() throws IOException {
    try (Stream<Path> dirs = Files.list(Cli.repoRoot().resolve("testdata"))) {
      List<Path> cases =
          dirs.filter(d -> Files.isRegularFile(d.resolve("spec.yaml"))).sorted().toList();
      assertFalse(cases.isEmpty(), "no testdata/<case>/spec.yaml");
      return cases.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void reportMatchesTheGoldenFile(Path caseDir) throws IOException {
    Cli.Result r = run("analyze", caseDir.resolve("spec.yaml").toString(), "--json", "-");

    assertTrue(r.code() == ExitCodes.OK || r.code() == ExitCodes.FINDINGS, r::err);
    Cli.assertValidReport(r.out());
    JsonNode actual = normalise(Cli.readJson(r.out()));
    assertEquals(
        actual.get("status").asText().equals("fail") ? ExitCodes.FINDINGS : ExitCodes.OK, r.code());
    Path expectedFile = caseDir.resolve("expected-report.json");
    if (UPDATE) {
      Files.writeString(
          expectedFile,
          Cli.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(actual) + "\n");
      return;
    }
    assertTrue(
        Files.isRegularFile(expectedFile),
        expectedFile + " is missing; create it with -Dgradflow.updateGolden=true and review it");
    JsonNode expected = normalise(Cli.readJson(Files.readString(expectedFile)));
    List<String> differences = new ArrayList<>();
    diff("", expected, actual, differences);
    assertTrue(
        differences.isEmpty(),
        () ->
            caseDir.getFileName()
                + " differs from expected-report.json (regenerate with"
                + " -Dgradflow.updateGolden=true only if the change is intended):\n  "
                + String.join("\n  ", differences.subList(0, Math.min(20, differences.size()))));
  }

  /** Drops provenance and timings and rounds every number to 6 significant digits. */
  static JsonNode normalise(JsonNode report) {
    ObjectNode copy = (ObjectNode) round(report);
    copy.remove("provenance");
    JsonNode training = copy.get("training");
    if (training instanceof ObjectNode t) {
      t.remove("first_step_seconds");
      t.remove("train_seconds");
    }
    return copy;
  }

  private static JsonNode round(JsonNode node) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (node.isObject()) {
      ObjectNode copy = f.objectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        copy.set(e.getKey(), round(e.getValue()));
      }
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = f.arrayNode();
      node.forEach(item -> copy.add(round(item)));
      return copy;
    }
    if (node.isIntegralNumber()) return f.numberNode(node.bigIntegerValue());
    if (node.isNumber()) {
      BigDecimal rounded = node.decimalValue().round(SIX_DIGITS).stripTrailingZeros();
      return f.numberNode(rounded.doubleValue());
    }
    return node;
  }

  /** Every path where {@code actual} differs from {@code expected}, with both values. */
  private static void diff(String path, JsonNode expected, JsonNode actual, List<String> out) {
    if (expected.isObject() && actual.isObject()) {
      expected
          .fieldNames()
          .forEachRemaining(
              k -> {
                if (!actual.has(k)) out.add(path + "/" + k + ": missing");
                else diff(path + "/" + k, expected.get(k), actual.get(k), out);
              });
      actual
          .fieldNames()
          .forEachRemaining(
              k -> {
                if (!expected.has(k)) out.add(path + "/" + k + ": unexpected " + actual.get(k));
              });
    } else if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
      for (int i = 0; i < expected.size(); i++)
        diff(path + "/" + i, expected.get(i), actual.get(i), out);
    } else if (expected.isNumber() && actual.isNumber()) {
      if (!closeEnough(expected.doubleValue(), actual.doubleValue()))
        out.add(path + ": expected " + expected + ", found " + actual);
    } else if (!expected.equals(actual)) {
      out.add(path + ": expected " + abbreviate(expected) + ", found " + abbreviate(actual));
    }
  }

  /**
   * Training runs in float32, whose last bits depend on the BLAS kernel OpenBLAS picks for the
   * processor (measured: the 6th-7th digit moves between its Haswell and SkylakeX kernels), so
   * numbers agree when they differ by at most 1 in the 5th significant digit.
   */
  private static boolean closeEnough(double expected, double actual) {
    return Math.abs(expected - actual)
        <= 1e-5 * Math.max(Math.abs(expected), Math.abs(actual)) + 1e-12;
  }

  private static String abbreviate(JsonNode node) {
    String text = node.toString();
    return text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }
}
