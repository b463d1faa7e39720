package gradflow.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpecSchemaTest {
  private static final JsonSchema SCHEMA =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(SpecSchema.text());

  private static Set<ValidationMessage> validate(String yaml) {
    return SCHEMA.validate(yaml, InputFormat.YAML);
  }

  @ParameterizedTest
  @ValueSource(strings = {"full.yaml", "minimal.yaml", "momentum.json"})
  void acceptsTheValidExamples(String name) throws IOException {
    String text = Files.readString(SpecReaderValidTest.example(name));
    InputFormat format = name.endsWith(".json") ? InputFormat.JSON : InputFormat.YAML;

    assertEquals(Set.of(), SCHEMA.validate(text, format));
    SpecReader.read(SpecReaderValidTest.example(name)); // and the reader agrees
  }

  @Test
  void acceptsEveryActivationAndInitForm() {
    String yaml =
"""
input: [4]
data: {synthetic: {kind: blobs, classes: 2}}
layers:
  - dense: {units: 3, activation: {leaky_relu: {alpha: 0.01}}, init: {constant: 0.1}}
  - dense: {units: 3, activation: {elu: null}, init: glorot_uniform, bias_init: he_normal}
  - dense: {units: 3, activation: {relu: {}}, init: {normal: {std: 0.1}}}
  - maxout: {units: 3, k: 2, init: {uniform: [5, 10]}, bias_init: {uniform: {low: 0, high: 1}}}
  - dense: {units: 2, activation: linear, bias: false}
loss: mse
optimizer: {sgd: {lr: 0.1}, clip_value: 0.5}
""";

    assertEquals(Set.of(), validate(yaml));
    SpecReader.parse(yaml, "net.yaml", null);
  }

  @Test
  void acceptsEveryNewLayerForm() {
    String yaml =
"""
input: [1, 28, 28]
data: {mnist: {dir: d}}
layers:
  - conv2d: {filters: 8, kernel: 3, stride: 1, padding: same, activation: relu, init: he_normal}
  - conv2d: {filters: 8, kernel: [3, 3], stride: [1, 1], activation: {expr: "exp(-x^2)"}, bias: false}
  - maxpool2d: {kernel: 2}
  - avgpool2d: {kernel: [3, 3], stride: [2, 2]}
  - batchnorm: {momentum: 0.9, epsilon: 1e-5}
  - batchnorm:
  - repeat: 2
    residual:
      layers:
        - conv2d: {filters: 8, kernel: 3, padding: same, activation: relu}
        - residual: {layers: [{dropout: {rate: 0.1}}]}
  - flatten: {}
  - dropout: {rate: 0.5}
  - dense: {units: 10, activation: softmax}
""";

    assertEquals(Set.of(), validate(yaml));
    SpecReader.parse(yaml, "net.yaml", null);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "conv2d: {filters: 4, kernel: 0, activation: relu}",
        "conv2d: {filters: 4, kernel: [3, 3, 3], activation: relu}",
        "conv2d: {filters: 4, kernel: 3, padding: sme, activation: relu}",
        "conv2d: {filters: 4, kernel: 3}",
        "maxpool2d: {kernel: 2, stride: 0}",
        "dropout: {rate: 1.0}",
        "dropout: {}",
        "batchnorm: {momentum: 1}",
        "batchnorm: {epsilon: 0}",
        "flatten: {units: 3}",
        "residual: {}",
        "dense: {units: 3, activation: {expr: \"\"}}"
      })
  void rejectsBadNewLayers(String layer) {
    String yaml =
        "input: [1, 28, 28]\ndata: {mnist: {dir: d}}\nlayers:\n  - "
            + layer
            + "\n  - dense: {units: 10, activation: softmax}\n";

    assertFalse(validate(yaml).isEmpty(), layer);
    assertThrows(SpecException.class, () -> SpecReader.parse(yaml, "net.yaml", null), layer);
  }

  @Test
  void rejectsWhatTheReaderRejects() {
    assertFalse(
        validate("input: [784]\ndata: {mnist: {dir: d}}\nlayers:\n  - maxout: {units: 3, k: 1}\n")
            .isEmpty());
    assertFalse(
        validate(
                "input: [784]\n"
                    + "data: {mnist: {dir: d}}\n"
                    + "layers:\n"
                    + "  - dense: {units: 3, activation: rleu}\n")
            .isEmpty());
    assertFalse(validate("input: [784]\ndata: {mnist: {dir: d}}\nlayers: []\n").isEmpty());
    assertFalse(
        validate(
                "input: [784]\n"
                    + "data: {mnist: {dir: d}}\n"
                    + "layers:\n"
                    + "  - layers: [{dense: {units: 3, activation: relu}}]\n")
            .isEmpty());
    assertFalse(
        validate(
                "input: [784]\n"
                    + "data: {mnist: {dir: d}}\n"
                    + "layers:\n"
                    + "  - dense: {units: 3, activation: relu}\n"
                    + "optimizer: {adam: {}, sgd: {lr: 1}}\n")
            .isEmpty());
    Set<ValidationMessage> unknown =
        validate(
            "input: [784]\n"
                + "data: {mnist: {dir: d}}\n"
                + "layers:\n"
                + "  - dense: {units: 10, activation: softmax}\n"
                + "los: mse\n");
    assertTrue(unknown.stream().anyMatch(m -> m.getMessage().contains("los")), unknown::toString);
  }
}
