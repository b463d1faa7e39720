package gradflow.spec;

import static gradflow.spec.SpecReaderErrorTest.assertAt;
import static gradflow.spec.SpecReaderErrorTest.only;
import static gradflow.spec.SpecReaderErrorTest.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code sweep:} in a spec: binding, YAML order, JSON, located errors and the schema. */
class SweepSpecTest {
  private static final String HEAD =
      """
      input: [784]
      data: {mnist: {dir: d}}
      layers:
        - dense: {units: 10, activation: relu}
        - dense: {units: 10, activation: softmax}
      """;

  private static final JsonSchema SCHEMA =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(SpecSchema.text());

  @Test
  void bindsTheKeysInFileOrderWithTheirValuesAsWritten() {
    NetworkSpec spec =
        SpecReader.parse(
            HEAD
                + """
                sweep:
                  seed: [3, 1, 2]
                  activation:
                    - sigmoid
                    - leaky_relu:0.01
                  lr: [0.01, 1e-3]
                """,
            "net.yaml",
            null);

    assertEquals(List.of("seed", "activation", "lr"), spec.sweep().keys());
    assertEquals(
        Map.of(
            "seed", List.of("3", "1", "2"),
            "activation", List.of("sigmoid", "leaky_relu:0.01"),
            "lr", List.of("0.01", "1e-3")),
        spec.sweep().values());
    assertEquals(12, spec.sweep().variantCount());
    assertEquals(0, spec.seed()); // the spec itself is as written
  }

  @Test
  void withoutASweepTheSpecHasNone() {
    assertTrue(SpecReader.parse(HEAD, "net.yaml", null).sweep().isEmpty());
  }

  @Test
  void jsonSpecsTakeASweepToo() {
    String json =
        """
        {"input": [784], "data": {"mnist": {"dir": "d"}},
         "layers": [{"dense": {"units": 10, "activation": "relu"}},
                    {"dense": {"units": 10, "activation": "softmax"}}],
         "sweep": {"init": ["he_normal", "zeros"], "batch": [8, 16]}}
        """;

    NetworkSpec spec = SpecReader.parse(json, "net.json", null);

    assertEquals(List.of("init", "batch"), spec.sweep().keys());
    assertEquals(List.of("8", "16"), spec.sweep().values().get("batch"));
    assertEquals(Set.of(), SCHEMA.validate(json, InputFormat.JSON));
  }

  @Test
  void jsonErrorsAreLocatedToo() {
    String json =
        """
        {"input": [784], "data": {"mnist": {"dir": "d"}},
         "layers": [{"dense": {"units": 10, "activation": "softmax"}}],
         "sweep": {"lr": [0.1, -1]}}
        """;

    SpecProblem p =
        org.junit.jupiter.api.Assertions.assertThrows(
                SpecException.class, () -> SpecReader.parse(json, "net.json", null))
            .problems()
            .get(0);

    assertAt(p, 3, 24, "sweep", "lr must be a finite number greater than 0, found -1");
  }

  @Test
  void everyBadCaseIsReportedAtOnceAtItsNode() {
    List<SpecProblem> ps =
        problems(
            HEAD
                + """
                sweep:
                  activaton: [relu]
                  init: he_normal
                  lr: []
                  seed: [1, 2, 1]
                  steps: [{a: 1}]
                """);

    assertEquals(5, ps.size(), () -> new SpecException(ps).render());
    assertAt(ps.get(0), 7, 3, "sweep", "unknown key 'activaton'; did you mean 'activation'?");
    assertAt(ps.get(1), 8, 9, "sweep", "init must be a list of values, found string 'he_normal'");
    assertAt(ps.get(2), 9, 7, "sweep", "lr must list at least one value, found []");
    assertAt(ps.get(3), 10, 16, "sweep", "seed value '1' is repeated");
    assertAt(ps.get(4), 11, 11, "sweep", "steps values must be plain values, found a map");
  }

  @Test
  void invalidValuesAreReportedAtTheValueWithDidYouMean() {
    List<SpecProblem> ps =
        problems(
            HEAD
                + """
                sweep:
                  activation: [sigmoid, sigmod, relu:0.1]
                  init: [he_unifrom]
                  lr: [0.1, 0]
                  seed: [1, 2.5]
                  steps: [0]
                  batch: [16, -1]
                """);

    assertEquals(7, ps.size(), () -> new SpecException(ps).render());
    assertAt(ps.get(0), 7, 25, "sweep", "unknown activation 'sigmod'; did you mean 'sigmoid'?");
    assertTrue(ps.get(0).hint().contains("leaky_relu"), ps.get(0).hint());
    assertAt(
        ps.get(1),
        7,
        33,
        "sweep",
        "only leaky_relu and elu take an alpha (name:alpha), found 'relu:0.1'");
    assertAt(
        ps.get(2), 8, 10, "sweep", "unknown init scheme 'he_unifrom'; did you mean 'he_uniform'?");
    assertAt(ps.get(3), 9, 13, "sweep", "lr must be a finite number greater than 0, found 0");
    assertAt(ps.get(4), 10, 13, "sweep", "seed must be a whole number, found '2.5'");
    assertAt(ps.get(5), 11, 11, "sweep", "steps must be a whole number of at least 1, found '0'");
    assertAt(ps.get(6), 12, 15, "sweep", "batch must be a whole number of at least 1, found '-1'");
    String rendered = new SpecException(ps).render();
    assertTrue(
        rendered.contains(
            "net.yaml:7:25: error: sweep: unknown activation 'sigmod'; did you mean 'sigmoid'?\n"
                + "  activation: [sigmoid, sigmod, relu:0.1]\n"
                + "                        ^\n"),
        rendered);
  }

  @Test
  void aSweepThatIsNotAMapIsReportedAtTheValue() {
    SpecProblem p = only(HEAD + "sweep: [relu, sigmoid]\n");

    assertAt(p, 6, 8, "", "sweep must be a map of key to values, found a list");
  }

  @Test
  void anActivationSweepNeedsAHiddenLayer() {
    String yaml =
        """
        input: [784]
        data: {mnist: {dir: d}}
        layers:
          - maxout: {units: 10, k: 2}
          - dense: {units: 10, activation: softmax}
        sweep:
          activation: [relu, tanh]
          init: [he_normal]
        """;

    SpecProblem p = only(yaml);

    assertAt(
        p,
        7,
        3,
        "sweep",
        "cannot sweep activation: the spec has no hidden dense or conv2d layer to change");
  }

  @Test
  void theCheckerIsTheOneTheCommandLineUses() {
    assertNull(SweepValues.check("activation", "elu:0.5"));
    assertNull(SweepValues.check("init", "glorot_uniform"));
    assertEquals("lr must be a number, found 'fast'", SweepValues.check("lr", "fast").message());
    assertEquals(
        "alpha must be a number, found 'x'",
        SweepValues.check("activation", "leaky_relu:x").message());
  }

  @Test
  void schemaAcceptsASweepAndTheReaderAgrees() {
    String yaml =
        HEAD
            + "sweep:\n"
            + "  activation: [sigmoid, relu, leaky_relu:0.01, elu]\n"
            + "  init: [he_normal, glorot_uniform, zeros]\n"
            + "  lr: [0.1, 0.01]\n"
            + "  seed: [1, 2, 3]\n"
            + "  steps: [10]\n"
            + "  batch: [8, 16]\n";

    assertEquals(Set.of(), SCHEMA.validate(yaml, InputFormat.YAML));
    assertEquals(
        2 * 4 * 3 * 3 * 2, SpecReader.parse(yaml, "net.yaml", null).sweep().variantCount());
  }

  @Test
  void schemaAndDocsListEveryTopLevelAndSweepKey() throws Exception {
    JsonNode schema = new ObjectMapper().readTree(SpecSchema.text());
    assertEquals(Set.copyOf(SpecBinder.TOP_KEYS), fieldNames(schema.at("/properties")));
    assertEquals(
        Set.copyOf(SweepValues.KEYS), fieldNames(schema.at("/properties/sweep/properties")));
    Path docs =
        Files.exists(Path.of("docs/spec.md"))
            ? Path.of("docs/spec.md")
            : Path.of("../docs/spec.md");
    String text = Files.readString(docs);
    String sweepSection = text.substring(text.indexOf("## sweep"));
    for (String key : SpecBinder.TOP_KEYS)
      assertTrue(text.contains("| `" + key + "` |"), key + " missing from docs/spec.md");
    for (String key : SweepValues.KEYS)
      assertTrue(sweepSection.contains("| `" + key + "` |"), key + " missing from ## sweep");
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new TreeSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "sweep: [relu]",
        "sweep: {activaton: [relu]}",
        "sweep: {activation: relu}",
        "sweep: {activation: []}",
        "sweep: {activation: [relu, relu]}",
        "sweep: {activation: [rleu]}",
        "sweep: {init: [he]}",
        "sweep: {lr: [0]}",
        "sweep: {seed: [1.5]}",
        "sweep: {steps: [0]}",
        "sweep: {batch: [{a: 1}]}"
      })
  void schemaRejectsWhatTheReaderRejects(String sweep) {
    String yaml = HEAD + sweep + "\n";

    assertFalse(SCHEMA.validate(yaml, InputFormat.YAML).isEmpty(), sweep);
    problems(yaml);
  }
}
