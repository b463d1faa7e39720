package gradflow.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecReaderErrorTest {
  private static final String HEAD =
      """
      input: [784]
      data: {mnist: {dir: d}}
      layers:
      """;

  /** The problems of a spec that must fail. */
  static List<SpecProblem> problems(String yaml) {
    return assertThrows(SpecException.class, () -> SpecReader.parse(yaml, "net.yaml", null))
        .problems();
  }

  static SpecProblem only(String yaml) {
    List<SpecProblem> problems = problems(yaml);
    assertEquals(1, problems.size(), () -> "expected one problem, got " + problems);
    return problems.get(0);
  }

  static void assertAt(SpecProblem p, int line, int column, String path, String message) {
    assertEquals(
        List.of(line, column, path, message),
        List.of(p.line(), p.column(), p.path(), p.message()),
        p::render);
  }

  @Test
  void misspeltActivationPointsAtTheNameAndSuggests() {
    SpecProblem p = only(HEAD + "  - dense: {units: 10, activation: rleu}\n");

    assertAt(p, 4, 36, "layers[0] (dense)", "unknown activation 'rleu'; did you mean 'relu'?");
    assertTrue(p.hint().contains("sigmoid, tanh, relu, leaky_relu"), p.hint());
    assertEquals("  - dense: {units: 10, activation: rleu}", p.sourceLine());
  }

  @Test
  void rendersMaxoutWithOnePieceExactlyLikeTheStyleGuide() {
    String yaml =
        HEAD
            + "  - dense: {units: 10, activation: relu}\n".repeat(5)
            + "  - maxout: {units: 32, k: 1}\n"
            + "  - dense: {units: 10, activation: softmax}\n";
    // Pad to line 14 with comments, as in the style guide's example.
    String padded = "# a\n".repeat(5) + yaml;
    SpecException e =
        assertThrows(
            SpecException.class, () -> SpecReader.parse(padded, "configs/maxout.yaml", null));

    assertEquals(
        """
        configs/maxout.yaml:14:28: error: layers[5] (maxout): k must be at least 2, found 1
          - maxout: {units: 32, k: 1}
                                   ^
          hint: with one piece a maxout unit is affine; use `dense`, or set k to 2 or more
        """,
        e.render());
  }

  @Test
  void reportsEveryProblemInDocumentOrder() {
    List<SpecProblem> ps =
        problems(
            """
            name: bad
            input: [784]
            data: {mnist: {dir: x}}
            layers:
              - dense: {units: ten, activation: sigmod}
              - dense: {unit: 5, activation: relu}
              - dense: {units: 3.5, activation: softmax, init: he_normall}
            optimzer: {adam: {lr: 0}}
            loss: cross_entrpy
            thresholds: {vanishing_ratoi: 1}
            """);

    assertEquals(8, ps.size(), () -> new SpecException(ps).render());
    assertAt(ps.get(0), 5, 20, "layers[0] (dense)", "units must be an integer, found string 'ten'");
    assertAt(
        ps.get(1),
        5,
        37,
        "layers[0] (dense)",
        "unknown activation 'sigmod'; did you mean 'sigmoid'?");
    assertAt(ps.get(2), 6, 13, "layers[1] (dense)", "unknown key 'unit'; did you mean 'units'?");
    assertAt(ps.get(3), 7, 20, "layers[2] (dense)", "units must be an integer, found 3.5");
    assertAt(
        ps.get(4),
        7,
        52,
        "layers[2] (dense)",
        "unknown init 'he_normall'; did you mean 'he_normal'?");
    assertAt(ps.get(5), 8, 1, "", "unknown key 'optimzer'; did you mean 'optimizer'?");
    assertAt(ps.get(6), 9, 7, "", "unknown loss 'cross_entrpy'; did you mean 'cross_entropy'?");
    assertAt(
        ps.get(7),
        10,
        14,
        "thresholds",
        "unknown key 'vanishing_ratoi'; did you mean 'vanishing_ratio'?");
  }

  @Test
  void wrongTypesAreReportedAtTheValue() {
    List<SpecProblem> ps =
        problems(
            """
            seed: [1]
            input: 784
            data: {mnist: {dir: d, train_count: '5'}}
            layers:
              - dense: {units: 10, activation: softmax, bias: 1}
            train: [1, 2]
            """);

    assertEquals(5, ps.size(), () -> new SpecException(ps).render());
    assertAt(ps.get(0), 1, 7, "", "seed must be an integer, found a list");
    assertAt(ps.get(1), 2, 8, "", "input must be a list of 1 or 3 sizes, found 784");
    assertAt(ps.get(2), 3, 37, "data.mnist", "train_count must be an integer, found string '5'");
    assertAt(ps.get(3), 5, 51, "layers[0] (dense)", "bias must be true or false, found 1");
    assertAt(ps.get(4), 6, 8, "", "train must be a map, found a list");
  }

  @Test
  void recordConstraintsBecomeLocatedProblems() {
    List<SpecProblem> ps =
        problems(
            """
            input: [784]
            data: {mnist: {dir: d, test_count: -1}}
            layers:
              - dense: {units: 0, activation: relu, init: {uniform: [10, 5]}}
              - dense: {units: 10, activation: softmax, init: {normal: {std: -1}}}
            optimizer: {sgd: {lr: 0}, clip_norm: -1}
            train: {steps: 0}
            thresholds: {dead_fraction: -0.5}
            """);

    assertEquals(8, ps.size(), () -> new SpecException(ps).render());
    assertAt(ps.get(0), 2, 36, "data.mnist", "test_count must be at least 0, found -1");
    assertAt(ps.get(1), 4, 20, "layers[0] (dense)", "units must be at least 1, found 0");
    assertAt(
        ps.get(2),
        4,
        57,
        "layers[0] (dense)",
        "init.uniform low must not exceed high, found [10, 5]");
    assertAt(ps.get(3), 5, 66, "layers[1] (dense)", "init.normal.std must be at least 0, found -1");
    assertAt(ps.get(4), 6, 23, "optimizer.sgd", "lr must be greater than 0, found 0");
    assertAt(ps.get(5), 6, 38, "optimizer", "clip_norm must be at least 0, found -1");
    assertAt(ps.get(6), 7, 16, "train", "steps must be at least 1, found 0");
    assertAt(ps.get(7), 8, 29, "thresholds", "dead_fraction must be at least 0, found -0.5");
  }

  @Test
  void missingRequiredKeysPointAtTheEnclosingMap() {
    List<SpecProblem> ps =
        problems(
            """
            data: {synthetic: {classes: 3}}
            layers:
              - maxout: {units: 3}
              - dense: {units: 3}
            """);

    assertEquals(4, ps.size(), () -> new SpecException(ps).render());
    assertAt(ps.get(0), 1, 1, "", "missing required key 'input'");
    assertAt(ps.get(1), 1, 19, "data.synthetic", "missing required key 'kind'");
    assertAt(ps.get(2), 3, 13, "layers[0] (maxout)", "missing required key 'k'");
    assertAt(ps.get(3), 4, 12, "layers[1] (dense)", "missing required key 'activation'");
  }

  @Test
  void misspeltNamesEverywhereGetSuggestions() {
    List<SpecProblem> ps =
        problems(
            """
            input: [20]
            data: {synthetic: {kind: blob, classes: 2}}
            layers:
              - dense: {units: 4, activation: {leaky_rlu: {alpha: 0.1}}}
              - desne: {units: 2, activation: linear}
            optimizer: {adma: {lr: 0.1}}
            """);

    assertEquals(4, ps.size(), () -> new SpecException(ps).render());
    assertAt(ps.get(0), 2, 26, "data.synthetic", "unknown kind 'blob'; did you mean 'blobs'?");
    assertAt(
        ps.get(1),
        4,
        36,
        "layers[0] (dense)",
        "unknown activation 'leaky_rlu'; did you mean 'leaky_relu'?");
    assertAt(ps.get(2), 5, 5, "layers[1]", "unknown key 'desne'; did you mean 'dense'?");
    assertAt(ps.get(3), 6, 13, "optimizer", "unknown key 'adma'; did you mean 'adam'?");
  }

  @Test
  void unknownDataSourceAndFarOffNamesListWhatIsAllowed() {
    List<SpecProblem> ps =
        problems(
            """
            input: [20]
            data: {cifar: {dir: x}}
            layers:
              - dense: {units: 4, activation: banana}
            """);

    assertEquals(2, ps.size(), () -> new SpecException(ps).render());
    assertAt(ps.get(0), 2, 8, "", "unknown data source 'cifar'");
    assertAt(ps.get(1), 4, 35, "layers[0] (dense)", "unknown activation 'banana'");
    assertTrue(ps.get(1).hint().startsWith("allowed: sigmoid"), ps.get(1).hint());
  }

  @Test
  void crossFieldChecksPointAtTheOffendingValue() {
    List<SpecProblem> ps =
        problems(
            """
            input: [28, 28]
            data: {mnist: {dir: d}}
            layers:
              - repeat: 2
                dense: {units: 10, activation: softmax}
              - dense: {units: 5, activation: relu}
            """);

    assertEquals(4, ps.size(), () -> new SpecException(ps).render());
    assertAt(ps.get(0), 1, 8, "", "input must have 1 or 3 sizes, found 2");
    assertAt(ps.get(1), 5, 36, "layers[0] (dense)", "softmax is only allowed on the last layer");
    assertAt(
        ps.get(2),
        6,
        20,
        "layers[1] (dense)",
        "MNIST has 10 classes, so the last layer needs 10 units, found 5");
    assertAt(
        ps.get(3),
        6,
        35,
        "layers[1] (dense)",
        "with loss cross_entropy the last layer's activation must be softmax or linear, found"
            + " relu");
  }

  @Test
  void lossOutputAndDataSizeRules() {
    List<SpecProblem> mse =
        problems(
            """
            input: [3, 32, 32]
            data: {mnist: {dir: d}}
            layers:
              - dense: {units: 10, activation: softmax}
            loss: mse
            """);
    assertEquals(2, mse.size(), () -> new SpecException(mse).render());
    assertAt(
        mse.get(0), 1, 8, "", "MNIST images need input [784] or [1, 28, 28], found [3, 32, 32]");
    assertAt(
        mse.get(1),
        4,
        36,
        "layers[0] (dense)",
        "with loss mse the last layer must not use softmax");
    assertTrue(mse.get(1).hint().contains("linear or sigmoid"));

    SpecProblem lastMaxout =
        only(
            """
            input: [8]
            data: {synthetic: {kind: blobs, classes: 3}}
            layers:
              - maxout: {units: 3, k: 2}
            """);
    assertAt(lastMaxout, 4, 5, "layers[0] (maxout)", "the last layer must be dense, found maxout");

    SpecProblem classes =
        only(
            """
            input: [8]
            data: {synthetic: {kind: blobs, classes: 3}}
            layers:
              - dense: {units: 4, activation: linear}
            """);
    assertAt(
        classes,
        4,
        20,
        "layers[0] (dense)",
        "the last layer must have one unit per class (3), found 4");
  }

  @Test
  void layerItemShapeErrors() {
    List<SpecProblem> ps =
        problems(
            HEAD
                + """
                  - relu
                  - {dense: {units: 3, activation: relu}, maxout: {units: 3, k: 2}}
                  - repeat: 0
                    dense: {units: 10, activation: softmax}
                  - layers: [{dense: {units: 3, activation: relu}}]
                """);

    assertEquals(4, ps.size(), () -> new SpecException(ps).render());
    assertAt(ps.get(0), 4, 5, "layers[0]", "a layer must be a map, found string 'relu'");
    assertAt(
        ps.get(1),
        5,
        43,
        "layers[1]",
        "a layer has exactly one type or layers block, found both 'dense' and 'maxout'");
    assertAt(ps.get(2), 6, 13, "layers[2]", "repeat must be at least 1, found 0");
    assertAt(ps.get(3), 8, 5, "layers[3]", "a nested layers block needs repeat");
  }

  @Test
  void duplicateKeysAreErrors() {
    SpecProblem p = only(HEAD + "  - dense: {units: 10, units: 10, activation: softmax}\n");
    assertAt(p, 4, 24, "layers[0] (dense)", "duplicate key 'units'");
  }

  @Test
  void yamlSyntaxErrorIsOneLocatedProblem() {
    SpecProblem p = only("input: [784\nlayers: []\n");
    assertEquals(List.of(2, 7), List.of(p.line(), p.column()), p::render);
    assertTrue(p.message().startsWith("YAML syntax: expected ',' or ']'"), p.message());
    assertTrue(p.hint().contains("line 1, column 8"), p.hint());

    SpecProblem colon = only("name: a: b\n");
    assertEquals(List.of(1, 8), List.of(colon.line(), colon.column()));
    assertEquals("YAML syntax: mapping values are not allowed here", colon.message());
  }

  @Test
  void jsonSyntaxErrorIsOneLocatedProblem() {
    SpecException e =
        assertThrows(
            SpecException.class,
            () -> SpecReader.parse("{\n  \"input\": [784],\n  }\n", "net.json", null));
    SpecProblem p = e.problems().get(0);
    assertEquals(1, e.problems().size());
    assertEquals(List.of(3, 3), List.of(p.line(), p.column()), p::render);
    assertTrue(p.message().startsWith("JSON syntax: "), p.message());
  }

  @Test
  void emptyAndNonMapDocuments() {
    SpecProblem empty = only("# nothing here\n");
    assertEquals("the spec is empty", empty.message());
    assertEquals(
        "net.yaml: error: the spec is empty\n  hint: " + empty.hint() + "\n", empty.render());

    assertAt(only("- 1\n- 2\n"), 1, 1, "", "a spec must be a map of keys, found a list");
  }

  @Test
  void missingFileAndDirectoryAreSpecExceptions(@TempDir Path dir) throws IOException {
    SpecException missing =
        assertThrows(SpecException.class, () -> SpecReader.read(dir.resolve("nope.yaml")));
    assertEquals(
        dir.resolve("nope.yaml")
            + ": error: cannot read spec: no such file\n"
            + "  hint: check the path; - reads the spec from stdin\n",
        missing.render());

    SpecException folder = assertThrows(SpecException.class, () -> SpecReader.read(dir));
    assertTrue(folder.render().contains("it is a directory"));

    Path file = dir.resolve("net.yaml");
    Files.writeString(file, "input: [784]\nseed: 1.5\n");
    SpecException bad = assertThrows(SpecException.class, () -> SpecReader.read(file));
    assertEquals(file.toString(), bad.problems().get(0).source());
  }
}
