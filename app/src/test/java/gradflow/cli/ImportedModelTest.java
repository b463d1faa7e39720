package gradflow.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gradflow.model.Network;
import gradflow.model.NetworkBuilder;
import gradflow.onnx.OnnxImport;
import gradflow.spec.ExpressionSyntax;
import gradflow.spec.MemoryLimit;
import gradflow.spec.NetworkSpec;
import gradflow.spec.SpecReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/** Models exported from PyTorch, analysed and imported as a user would. */
class ImportedModelTest {
  private static Path model(String name) {
    return Cli.repoRoot().resolve("testdata/onnx").resolve(name).resolve("model.onnx");
  }

  /** The classic experiment, imported: the deep sigmoid net vanishes, relu on it does not. */
  @Test
  void theImportedSigmoidNetVanishesAndReluOnTheSameArchitectureDoesNot() throws IOException {
    String spec = Cli.repoRoot().resolve("configs/onnx-sigmoid-mnist.yaml").toString();
    Cli.Result r =
        Cli.run("compare", spec, "--sweep", "activation=sigmoid,relu", "--json", "-", "-q");
    JsonNode c = Cli.JSON.readTree(r.out());
    JsonNode sigmoid = c.get("variants").get(0);
    JsonNode relu = c.get("variants").get(1);
    assertTrue(codes(sigmoid).contains("VANISHING_GRADIENT"), "sigmoid: " + codes(sigmoid));
    assertTrue(!codes(relu).contains("VANISHING_GRADIENT"), "relu: " + codes(relu));
    assertEquals("fc1", sigmoid.get("findings").get(0).get("layer").asText(), "the user's name");
  }

  @Test
  void importWritesASpecThatValidatesTrainsAndHasTheModelsStepZeroGradients(@TempDir Path dir)
      throws IOException {
    for (String name : List.of("mlp-relu", "conv-bn", "residual-mlp", "leaky-dropout")) {
      Path out = dir.resolve(name + ".yaml");
      Cli.run("import", model(name).toString(), "-o", out.toString()).expectCode(0);
      Cli.run("validate", out.toString()).expectCode(0);
      Cli.Result trained = Cli.run("analyze", out.toString(), "--steps", "5", "-q");
      assertTrue(trained.code() == 0 || trained.code() == 1, trained.err());
      trained.expectNoStackTrace();

      // the written layers with their inits give the same parameters, so the same gradients,
      // as model: {onnx: ...} with weights: init
      NetworkSpec written = read(out);
      Path direct = dir.resolve(name + "-direct.yaml");
      Files.writeString(
          direct,
          Files.readString(out)
                  .replaceFirst("(?s)layers:\\n(  .*?\\n)+(?=loss:)", "")
                  .replace("input: ", "# input: ")
              + "model: {onnx: "
              + model(name)
              + ", weights: init}\n");
      NetworkSpec imported = read(direct);
      Network a = NetworkBuilder.build(written, DataType.DOUBLE);
      Network b = NetworkBuilder.build(imported, DataType.DOUBLE);
      assertArrayEquals(
          a.flatParameters().toDoubleVector(), b.flatParameters().toDoubleVector(), name);
    }
  }

  @Test
  void importRefusesAnUnsupportedModelAndWritesNothing(@TempDir Path dir) {
    Path out = dir.resolve("lstm.yaml");
    Cli.Result r =
        Cli.run("import", model("unsupported-lstm").toString(), "-o", out.toString())
            .expectCode(ExitCodes.INVALID_INPUT)
            .expectNoStackTrace();
    assertTrue(r.err().contains("(LSTM, opset 13) is not supported"), r.err());
    assertTrue(!Files.exists(out));
  }

  @Test
  void theDumpOfAnImportedModelGivesEachParametersOnnxNameAndLayout(@TempDir Path dir)
      throws IOException {
    Path spec = dir.resolve("net.yaml");
    Files.writeString(
        spec,
        "model: {onnx: "
            + model("mlp-relu")
            + "}\n"
            + "data: {synthetic: {kind: blobs, classes: 3, samples: 60}}\n"
            + "train: {steps: 2, batch: 10, log_every: 1}\n");
    Path dump = dir.resolve("dump");
    Cli.run("analyze", spec.toString(), "-q", "--dump-step", "0", "--dump-dir", dump.toString())
        .expectCode(0);
    JsonNode fc1 =
        Cli.JSON.readTree(Files.readString(dump.resolve("manifest.json"))).get("layers").get(0);
    assertEquals("fc1", fc1.get("name").asText());
    JsonNode w = fc1.get("parameters").get(0);
    assertEquals("fc1.W", w.get("name").asText());
    assertEquals("fc1.weight", w.get("onnx_name").asText());
    assertEquals("[out, in] in the file, [in, out] here", w.get("layout").asText());
    assertEquals("[20,16]", w.get("shape").toString());
    assertTrue(
        Files.exists(dump.resolve("fc1.W.npy")) && Files.exists(dump.resolve("fc1.W.grad.npy")));
  }

  private static NetworkSpec read(Path file) throws IOException {
    return SpecReader.parse(
        Files.readAllBytes(file), file, ExpressionSyntax.NONE, MemoryLimit.NONE, new OnnxImport());
  }

  private static List<String> codes(JsonNode variant) {
    List<String> codes = new ArrayList<>();
    variant.get("findings").forEach(f -> codes.add(f.get("code").asText()));
    return codes;
  }
}
