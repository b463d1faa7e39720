package gradflow.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The layer types beyond dense and maxout, and expr activations, as they read when valid. */
class SpecReaderLayerTypesTest {
  private static final InitSpec ZEROS = new InitSpec.Zeros();
  private static final InitSpec HE_UNIFORM = new InitSpec.Scaled(InitSpec.Scheme.HE_UNIFORM);
  private static final InitSpec XAVIER = new InitSpec.Scaled(InitSpec.Scheme.XAVIER_UNIFORM);
  private static final ActivationSpec RELU = ActivationSpec.of(ActivationKind.RELU);

  private static NetworkSpec parse(String yaml) {
    return SpecReader.parse(yaml, "net.yaml", null);
  }

  @Test
  void readsEveryImageLayerForm() {
    NetworkSpec spec =
        parse(
            """
            input: [1, 28, 28]
            data: {mnist: {dir: d}}
            layers:
              - conv2d: {filters: 16, kernel: 3, stride: 1, padding: valid, activation: relu}
              - conv2d:
                  filters: 8
                  kernel: [3, 5]
                  stride: [1, 2]
                  padding: same
                  activation: {leaky_relu: {alpha: 0.1}}
                  init: xavier_normal
                  bias_init: {constant: 0.1}
                  bias: false
              - maxpool2d: {kernel: 2, stride: 2}
              - avgpool2d: {kernel: [3, 2], stride: [1, 1]}
              - batchnorm: {momentum: 0.99, epsilon: 1e-3}
              - flatten: {}
              - dropout: {rate: 0.5}
              - dense: {units: 10, activation: softmax}
            """);

    assertEquals(
        List.of(
            new Conv2dSpec(16, 3, 3, 1, 1, PaddingSpec.VALID, RELU, HE_UNIFORM, ZEROS, true),
            new Conv2dSpec(
                8,
                3,
                5,
                1,
                2,
                PaddingSpec.SAME,
                new ActivationSpec(ActivationKind.LEAKY_RELU, 0.1),
                new InitSpec.Scaled(InitSpec.Scheme.XAVIER_NORMAL),
                new InitSpec.Constant(0.1),
                false),
            new MaxPool2dSpec(2, 2, 2, 2),
            new AvgPool2dSpec(3, 2, 1, 1),
            new BatchNormSpec(0.99, 1e-3),
            new FlattenSpec(),
            new DropoutSpec(0.5),
            new DenseSpec(10, ActivationSpec.of(ActivationKind.SOFTMAX), XAVIER, ZEROS, true)),
        spec.layers());
    assertEquals(
        List.of(
            "conv2d",
            "conv2d",
            "maxpool2d",
            "avgpool2d",
            "batchnorm",
            "flatten",
            "dropout",
            "dense"),
        spec.layers().stream().map(LayerSpec::type).toList());
  }

  @Test
  void appliesTheDefaults() {
    NetworkSpec spec =
        parse(
            """
            input: [3, 32, 32]
            data: {synthetic: {kind: blobs, classes: 4}}
            layers:
              - conv2d: {filters: 4, kernel: 3, activation: relu}
              - maxpool2d: {kernel: [2, 3]}
              - avgpool2d: {kernel: 2}
              - batchnorm:
              - flatten:
              - batchnorm: {}
              - dense: {units: 4, activation: linear}
            """);

    assertEquals(
        List.of(
            new Conv2dSpec(4, 3, 3, 1, 1, PaddingSpec.VALID, RELU, HE_UNIFORM, ZEROS, true),
            new MaxPool2dSpec(2, 3, 2, 3),
            new AvgPool2dSpec(2, 2, 2, 2),
            new BatchNormSpec(0.9, 1e-5),
            new FlattenSpec(),
            new BatchNormSpec(0.9, 1e-5),
            new DenseSpec(4, ActivationSpec.of(ActivationKind.LINEAR), XAVIER, ZEROS, true)),
        spec.layers());
  }

  @Test
  void poolWindowsMayOverlapAndSamePaddingRoundsUp() {
    // 28 -pool 3/2-> 13 -conv 3 same stride 2-> 7 -pool 7-> 1
    NetworkSpec spec =
        parse(
            """
            input: [1, 28, 28]
            data: {mnist: {dir: d}}
            layers:
              - maxpool2d: {kernel: 3, stride: 2}
              - conv2d: {filters: 2, kernel: 3, stride: 2, padding: same, activation: tanh}
              - avgpool2d: {kernel: 7}
              - dense: {units: 10, activation: softmax}
            """);

    assertEquals(new MaxPool2dSpec(3, 3, 2, 2), spec.layers().get(0));
    assertEquals(PaddingSpec.SAME, ((Conv2dSpec) spec.layers().get(1)).padding());
  }

  @Test
  void expandsResidualBlocksWithRepeatAndNesting() {
    NetworkSpec spec =
        parse(
"""
input: [8]
data: {synthetic: {kind: blobs, classes: 2}}
layers:
  - repeat: 2
    residual:
      layers:
        - repeat: 2
          dense: {units: 8, activation: relu}
        - residual: {layers: [{dense: {units: 8, activation: tanh}}, {dropout: {rate: 0.1}}]}
  - dense: {units: 2, activation: linear}
""");

    DenseSpec relu8 = new DenseSpec(8, RELU, XAVIER, ZEROS, true);
    DenseSpec tanh8 = new DenseSpec(8, ActivationSpec.of(ActivationKind.TANH), XAVIER, ZEROS, true);
    ResidualSpec block =
        new ResidualSpec(
            List.of(relu8, relu8, new ResidualSpec(List.of(tanh8, new DropoutSpec(0.1)))));
    DenseSpec out = new DenseSpec(2, ActivationSpec.of(ActivationKind.LINEAR), XAVIER, ZEROS, true);
    assertEquals(List.of(block, block, out), spec.layers());
    assertEquals("residual", block.type());
  }

  @Test
  void residualBlocksMayHoldImageLayers() {
    NetworkSpec spec =
        parse(
            """
            input: [1, 28, 28]
            data: {mnist: {dir: d}}
            layers:
              - conv2d: {filters: 8, kernel: 3, padding: same, activation: relu}
              - residual:
                  layers:
                    - conv2d: {filters: 8, kernel: 3, padding: same, activation: relu}
                    - batchnorm: {}
              - dense: {units: 10, activation: softmax}
            """);

    assertEquals(2, ((ResidualSpec) spec.layers().get(1)).layers().size());
  }

  @Test
  void readsExprActivations() {
    String yaml =
        """
        input: [4]
        data: {synthetic: {kind: blobs, classes: 2}}
        layers:
          - dense: {units: 3, activation: {expr: "exp(-x^2)"}}
          - dense: {units: 2, activation: linear}
        """;
    NetworkSpec spec = SpecReader.parse(yaml, "net.yaml", null, source -> Optional.empty());

    ActivationSpec gauss = ((DenseSpec) spec.layers().get(0)).activation();
    assertEquals(ActivationSpec.expr("exp(-x^2)"), gauss);
    assertEquals(new ActivationSpec(ActivationKind.EXPR, 0.0, "exp(-x^2)"), gauss);
    assertEquals("expr", gauss.specName());
    assertNull(((DenseSpec) spec.layers().get(1)).activation().expr());

    NetworkSpec conv =
        parse(
            """
            input: [1, 4, 4]
            data: {synthetic: {kind: teacher, classes: 2}}
            layers:
              - conv2d: {filters: 1, kernel: 1, activation: {expr: x * tanh(x)}}
              - dense: {units: 2, activation: linear}
            """);
    assertEquals(
        ActivationSpec.expr("x * tanh(x)"), ((Conv2dSpec) conv.layers().get(0)).activation());
  }

  @Test
  void readsTheNewFormsFromJson() {
    NetworkSpec spec =
        SpecReader.parse(
            """
            {
              "input": [1, 28, 28],
              "data": {"mnist": {"dir": "d"}},
              "layers": [
                {"conv2d": {"filters": 4, "kernel": [5, 5], "activation": {"expr": "x"}}},
                {"maxpool2d": {"kernel": 2}},
                {"residual": {"layers": [{"batchnorm": {}}]}},
                {"flatten": {}},
                {"dense": {"units": 10, "activation": "softmax"}}
              ]
            }
            """,
            "net.json",
            null);

    assertEquals(
        new Conv2dSpec(
            4, 5, 5, 1, 1, PaddingSpec.VALID, ActivationSpec.expr("x"), HE_UNIFORM, ZEROS, true),
        spec.layers().get(0));
    assertEquals(new ResidualSpec(List.of(new BatchNormSpec(0.9, 1e-5))), spec.layers().get(2));
  }

  @Test
  void recordsCheckTheirOwnValues() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new Conv2dSpec(1, 0, 3, 1, 1, PaddingSpec.VALID, RELU, ZEROS, ZEROS, true));
    assertThrows(IllegalArgumentException.class, () -> new MaxPool2dSpec(2, 2, 0, 2));
    assertThrows(IllegalArgumentException.class, () -> new DropoutSpec(1.0));
    assertThrows(IllegalArgumentException.class, () -> new BatchNormSpec(1.0, 1e-5));
    assertThrows(IllegalArgumentException.class, () -> new BatchNormSpec(0.9, 0));
    assertThrows(IllegalArgumentException.class, () -> new ResidualSpec(List.of()));
    assertThrows(IllegalArgumentException.class, () -> ActivationSpec.expr(" "));
    assertThrows(IllegalArgumentException.class, () -> ActivationSpec.of(ActivationKind.EXPR));
    assertThrows(
        IllegalArgumentException.class, () -> new ActivationSpec(ActivationKind.RELU, 0, "x"));
    assertEquals(
        new ActivationSpec(ActivationKind.TANH, 0, null), ActivationSpec.of(ActivationKind.TANH));
  }
}
