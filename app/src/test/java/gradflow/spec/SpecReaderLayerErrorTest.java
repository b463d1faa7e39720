package gradflow.spec;

import static gradflow.spec.SpecReaderErrorTest.assertAt;
import static gradflow.spec.SpecReaderErrorTest.only;
import static gradflow.spec.SpecReaderErrorTest.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Problems with the layer types beyond dense and maxout, shapes, and expr activations. */
class SpecReaderLayerErrorTest {
  private static final String IMAGE_HEAD =
      """
      input: [1, 28, 28]
      data: {mnist: {dir: d}}
      layers:
      """;

  /** Rejects a formula ending in '+' just past its end, and '$' where it stands. */
  private static final ExpressionSyntax TEST_SYNTAX =
      source -> {
        if (source.contains("$")) {
          return Optional.of(new ExpressionError(source.indexOf('$') + 1, "unexpected '$'"));
        }
        if (source.strip().endsWith("+")) {
          return Optional.of(
              new ExpressionError(source.length() + 1, "expected an operand after '+'"));
        }
        return Optional.empty();
      };

  private static List<SpecProblem> exprProblems(String text, String sourceName) {
    return assertThrows(
            SpecException.class, () -> SpecReader.parse(text, sourceName, null, TEST_SYNTAX))
        .problems();
  }

  @Test
  void badSettingsArePointedAtAndNamed() {
    List<SpecProblem> ps =
        problems(
            IMAGE_HEAD
                +
"""
  - conv2d: {filters: 4, kernel: 0, activation: relu}
  - conv2d: {filters: 0, kernel: [3, 0], stride: [1, 2, 3], padding: sme, activation: relu}
  - maxpool2d: {kernel: 2, stride: 0}
  - dropout: {rate: 1.0}
  - batchnorm: {momentum: 1, epsilon: 0}
  - flatten: {units: 3}
  - conv2: {filters: 2}
  - residual: {}
  - dropout: {}
  - avgpool2d: {kernel: {h: 2}}
  - dense: {units: 10, activation: softmax}
""");

    assertEquals(14, ps.size(), () -> new SpecException(ps).render());
    assertAt(ps.get(0), 4, 34, "layers[0] (conv2d)", "kernel must be at least 1, found 0");
    assertAt(ps.get(1), 5, 23, "layers[1] (conv2d)", "filters must be at least 1, found 0");
    assertAt(ps.get(2), 5, 38, "layers[1] (conv2d)", "kernel[1] must be at least 1, found 0");
    assertAt(
        ps.get(3),
        5,
        50,
        "layers[1] (conv2d)",
        "stride must be one size or [height, width], found a list of 3");
    assertAt(ps.get(4), 5, 70, "layers[1] (conv2d)", "unknown padding 'sme'; did you mean 'same'?");
    assertAt(ps.get(5), 6, 36, "layers[2] (maxpool2d)", "stride must be at least 1, found 0");
    assertAt(ps.get(6), 7, 21, "layers[3] (dropout)", "rate must be below 1, found 1.0");
    assertAt(ps.get(7), 8, 27, "layers[4] (batchnorm)", "momentum must be below 1, found 1");
    assertAt(ps.get(8), 8, 39, "layers[4] (batchnorm)", "epsilon must be greater than 0, found 0");
    assertAt(ps.get(9), 9, 15, "layers[5] (flatten)", "unknown key 'units'");
    assertAt(ps.get(10), 10, 5, "layers[6]", "unknown key 'conv2'; did you mean 'conv2d'?");
    assertAt(ps.get(11), 11, 15, "layers[7] (residual)", "missing required key 'layers'");
    assertAt(ps.get(12), 12, 14, "layers[8] (dropout)", "missing required key 'rate'");
    assertAt(
        ps.get(13),
        13,
        25,
        "layers[9] (avgpool2d)",
        "kernel must be one size or [height, width], found a map");
    assertTrue(ps.get(4).hint().contains("same"), ps.get(4).hint());
  }

  @Test
  void missingRequiredSettings() {
    List<SpecProblem> ps =
        problems(
            IMAGE_HEAD
                + """
                    - conv2d: {kernel: 3}
                    - maxpool2d: {stride: 2}
                    - dense: {units: 10, activation: softmax}
                  """);

    assertEquals(3, ps.size(), () -> new SpecException(ps).render());
    assertAt(ps.get(0), 4, 13, "layers[0] (conv2d)", "missing required key 'filters'");
    assertAt(ps.get(1), 4, 13, "layers[0] (conv2d)", "missing required key 'activation'");
    assertAt(ps.get(2), 5, 16, "layers[1] (maxpool2d)", "missing required key 'kernel'");
  }

  @Test
  void imageLayerOnAVectorInput() {
    SpecProblem p =
        only(
            """
            input: [784]
            data: {mnist: {dir: d}}
            layers:
              - conv2d: {filters: 4, kernel: 3, activation: relu}
              - dense: {units: 10, activation: softmax}
            """);

    assertAt(
        p,
        4,
        5,
        "layers[0] (conv2d)",
        "conv2d needs an image input [channels, height, width], found [784]");
    assertEquals(
        "set input to [channels, height, width], e.g. input: [1, 28, 28] for MNIST", p.hint());
  }

  @Test
  void imageLayerAfterTheImageWasFlattened() {
    SpecProblem p =
        only(
            IMAGE_HEAD
                + """
                    - dense: {units: 64, activation: relu}
                    - maxpool2d: {kernel: 2}
                    - dense: {units: 10, activation: softmax}
                  """);

    assertAt(
        p,
        5,
        5,
        "layers[1] (maxpool2d)",
        "maxpool2d needs an image input [channels, height, width], found [64]");
    assertTrue(p.hint().contains("made the image a vector"), p.hint());
  }

  @Test
  void windowBiggerThanTheImagePointsAtTheKernel() {
    // 28 -conv 5-> 24 -pool 2 (x3)-> 12, 6, 3: a 5x5 kernel no longer fits
    SpecException e =
        assertThrows(
            SpecException.class,
            () ->
                SpecReader.parse(
                    IMAGE_HEAD
                        + """
                            - conv2d: {filters: 16, kernel: 5, activation: relu}
                            - repeat: 3
                              maxpool2d: {kernel: 2}
                            - conv2d: {filters: 16, kernel: 5, activation: relu}
                            - dense: {units: 10, activation: softmax}
                          """,
                    "configs/cnn.yaml",
                    null));

    assertEquals(
        """
        configs/cnn.yaml:7:35: error: layers[2] (conv2d): the 5x5 window does not fit in the 3x3\
         image it gets ([16, 3, 3])
          - conv2d: {filters: 16, kernel: 5, activation: relu}
                                          ^
          hint: use a smaller kernel, padding: same, or less downsampling before this layer
        """,
        e.render());
  }

  @Test
  void poolWindowTooTallAfterSamePaddingWithStride() {
    // same padding, stride 2: ceil(28 / 2) = 14 < 15
    SpecProblem p =
        only(
            IMAGE_HEAD
                + """
                    - conv2d: {filters: 16, kernel: 5, padding: same, stride: 2, activation: relu}
                    - avgpool2d: {kernel: [15, 2]}
                    - dense: {units: 10, activation: softmax}
                  """);

    assertAt(
        p,
        5,
        25,
        "layers[1] (avgpool2d)",
        "the 15x2 window does not fit in the 14x14 image it gets ([16, 14, 14])");
  }

  @Test
  void residualBlockMustKeepTheShape() {
    List<SpecProblem> ps =
        problems(
"""
input: [64]
data: {synthetic: {kind: blobs, classes: 3}}
layers:
  - residual:
      layers:
        - dense: {units: 32, activation: relu}
  - residual: {layers: [{residual: {layers: [{dense: {units: 8, activation: softmax}}]}}]}
  - dense: {units: 3, activation: linear}
""");

    assertEquals(3, ps.size(), () -> new SpecException(ps).render());
    assertAt(
        ps.get(0),
        4,
        5,
        "layers[0] (residual)",
        "residual block changes the shape from [64] to [32]: the block must end with as many"
            + " units as it starts with");
    assertEquals("give the block's last layer 64 units", ps.get(0).hint());
    assertAt(
        ps.get(1),
        7,
        26,
        "layers[1] (residual).layers[0] (residual)",
        "residual block changes the shape from [64] to [8]: the block must end with as many"
            + " units as it starts with");
    assertAt(
        ps.get(2),
        7,
        77,
        "layers[1] (residual).layers[0] (residual).layers[0] (dense)",
        "softmax is only allowed on the last layer");
  }

  @Test
  void residualImageBlockMustKeepTheShape() {
    SpecProblem p =
        only(
            """
            input: [3, 32, 32]
            data: {synthetic: {kind: blobs, classes: 3}}
            layers:
              - residual:
                  layers:
                    - conv2d: {filters: 8, kernel: 3, activation: relu}
              - dense: {units: 3, activation: linear}
            """);

    assertAt(
        p,
        4,
        5,
        "layers[0] (residual)",
        "residual block changes the shape from [3, 32, 32] to [8, 30, 30]: the block must end"
            + " with the shape it starts with");
  }

  @Test
  void softmaxOnAConvLayer() {
    SpecProblem p =
        only(
            IMAGE_HEAD
                + """
                    - conv2d: {filters: 2, kernel: 3, activation: softmax}
                    - dense: {units: 10, activation: softmax}
                  """);
    assertAt(p, 4, 49, "layers[0] (conv2d)", "softmax is only allowed on the last layer");
  }

  @Test
  void badExpressionPointsInsideTheString() {
    List<SpecProblem> ps =
        exprProblems(
            """
            input: [4]
            data: {synthetic: {kind: blobs, classes: 2}}
            layers:
              - dense: {units: 4, activation: {expr: "x +"}}
              - dense: {units: 4, activation: {expr: 'x +'}}
              - dense: {units: 4, activation: {expr: x +}}
              - dense: {units: 4, activation: {expr: "x\\t$"}}
              - dense: {units: 4, activation: {expr: 'it''s $'}}
              - dense:
                  units: 4
                  activation:
                    expr: "x +"
              - dense: {units: 2, activation: linear}
            """,
            "net.yaml");

    assertEquals(6, ps.size(), () -> new SpecException(ps).render());
    String plus = "activation.expr 'x +' is not a valid formula: expected an operand after '+'";
    // "x +" starts at column 42 (the quote); the error is at expression column 4, the closing quote
    assertAt(ps.get(0), 4, 46, "layers[0] (dense)", plus);
    assertAt(ps.get(1), 5, 46, "layers[1] (dense)", plus);
    assertAt(ps.get(2), 6, 45, "layers[2] (dense)", plus); // plain scalar: no quote to skip
    // "x\t$": the escape takes two columns in the file and one character in the value
    assertAt(
        ps.get(3),
        7,
        46,
        "layers[3] (dense)",
        "activation.expr 'x\t$' is not a valid formula: unexpected '$'");
    assertAt(
        ps.get(4),
        8,
        49,
        "layers[4] (dense)",
        "activation.expr 'it's $' is not a valid formula: unexpected '$'");
    assertAt(ps.get(5), 12, 19, "layers[5] (dense)", plus);
    assertEquals(
        """
        net.yaml:4:46: error: layers[0] (dense): %s
          - dense: {units: 4, activation: {expr: "x +"}}
                                                     ^
          hint: write a formula in x, e.g. exp(-x^2)
        """
            .formatted(plus),
        ps.get(0).render());
  }

  @Test
  void badExpressionInJsonPointsInsideTheString() {
    SpecProblem p =
        exprProblems(
                """
                {"input": [4], "data": {"synthetic": {"kind": "blobs", "classes": 2}},
                 "layers": [{"dense": {"units": 2, "activation": {"expr": "\\"x\\" $"}}}]}
                """,
                "net.json")
            .get(0);

    assertAt(
        p,
        2,
        66,
        "layers[0] (dense)",
        "activation.expr '\"x\" $' is not a valid formula: unexpected '$'");
  }

  @Test
  void exprNeedsANonEmptyFormula() {
    List<SpecProblem> ps =
        problems(
            """
            input: [4]
            data: {synthetic: {kind: blobs, classes: 2}}
            layers:
              - dense: {units: 4, activation: {expr: ""}}
              - dense: {units: 4, activation: {expr: 3}}
              - dense: {units: 4, activation: expr}
              - dense: {units: 4, activation: {exp: "x"}}
              - dense: {units: 2, activation: linear}
            """);

    assertEquals(4, ps.size(), () -> new SpecException(ps).render());
    assertAt(ps.get(0), 4, 42, "layers[0] (dense)", "activation.expr must not be empty");
    assertAt(
        ps.get(1),
        5,
        42,
        "layers[1] (dense)",
        "activation.expr must be a formula in quotes, found 3");
    assertAt(ps.get(2), 6, 35, "layers[2] (dense)", "activation expr needs its formula");
    assertAt(
        ps.get(3), 7, 36, "layers[3] (dense)", "unknown activation 'exp'; did you mean 'expr'?");
  }

  @Test
  void withoutASyntaxAnyFormulaIsAccepted() {
    NetworkSpec spec =
        SpecReader.parse(
            """
            input: [4]
            data: {synthetic: {kind: blobs, classes: 2}}
            layers:
              - dense: {units: 4, activation: {expr: "x +"}}
              - dense: {units: 2, activation: linear}
            """,
            "net.yaml",
            null);
    assertEquals(ActivationSpec.expr("x +"), ((DenseSpec) spec.layers().get(0)).activation());
  }
}
