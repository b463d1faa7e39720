package gradflow.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gradflow.layers.ForwardContext;
import gradflow.model.Network;
import gradflow.model.NetworkBuilder;
import gradflow.spec.ExpressionSyntax;
import gradflow.spec.ImportedModel;
import gradflow.spec.MemoryLimit;
import gradflow.spec.NetworkSpec;
import gradflow.spec.SpecReader;
import gradflow.train.Loss;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Models exported by PyTorch 1.13 (testdata/onnx, made by scripts/make-onnx-fixtures.py): the
 * imported network's loss and gradients at the file's weights on the recorded batch equal PyTorch's
 * float64 ones, in float64 to 1e-9 and in float32 (how analyze trains) to 1e-4 per array, relative
 * to the array's largest gradient.
 */
class OnnxImportTest {
  static Path fixtures() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent())
      if (Files.isDirectory(dir.resolve("testdata/onnx"))) return dir.resolve("testdata/onnx");
    throw new AssertionError("no testdata/onnx above " + Path.of("").toAbsolutePath());
  }

  /** A spec for the model, with synthetic data of its class count (the data is not used). */
  static NetworkSpec spec(String model, int classes) {
    String yaml =
        "name: "
            + model
            + "\nmodel: {onnx: "
            + fixtures().resolve(model).resolve("model.onnx")
            + "}\ndata: {synthetic: {kind: blobs, classes: "
            + classes
            + ", samples: 20}}\n";
    return SpecReader.parse(
        yaml,
        model + ".yaml",
        Path.of("."),
        ExpressionSyntax.NONE,
        MemoryLimit.NONE,
        new OnnxImport());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"mlp-relu", "mlp-sigmoid-deep", "conv-bn", "residual-mlp", "leaky-dropout"})
  void lossAndGradientsAreThoseOfPyTorch(String model) throws IOException {
    JsonNode ref =
        new ObjectMapper().readTree(fixtures().resolve(model).resolve("reference.json").toFile());
    int classes = ref.get("logits").size() / ref.get("y").size(); // logits is flat, [n, classes]
    NetworkSpec spec = spec(model, classes);
    check(spec, ref, DataType.DOUBLE, 1e-9);
    check(spec, ref, DataType.FLOAT, 1e-4);
  }

  private static void check(NetworkSpec spec, JsonNode ref, DataType type, double tolerance) {
    Network network = NetworkBuilder.build(spec, type);
    long[] xShape = new long[ref.get("x_shape").size()];
    for (int i = 0; i < xShape.length; i++) xShape[i] = ref.get("x_shape").get(i).asLong();
    double[] x = doubles(ref.get("batch"));
    INDArray input = Nd4j.createFromArray(x).reshape(xShape).castTo(type);
    int n = (int) xShape[0];
    INDArray oneHot = Nd4j.zeros(type, n, ref.get("logits").size() / n);
    for (int i = 0; i < n; i++) oneHot.putScalar(i, ref.get("y").get(i).asInt(), 1.0);
    // the reference: batch statistics for batchnorm, dropout as the identity
    boolean dropout = spec.layers().stream().anyMatch(l -> l.type().equals("dropout"));
    ForwardContext context =
        dropout ? new ForwardContext(false, 0, false) : ForwardContext.replay(0);
    Network.ForwardPass pass = network.forward(input, context);
    Loss.Result loss = Loss.of(spec.loss()).compute(pass.output(), oneHot);
    assertEquals(ref.get("loss").asDouble(), loss.value(), tolerance * 10, type + " loss");
    network.backward(pass, loss.gradOutput());

    ImportedModel model = spec.model();
    // an array of near-zero gradients (batchnorm cancels a conv bias: PyTorch gives 1e-17, float32
    // sums give 1e-7) is judged against 1% of the model's largest gradient
    double overall = 0;
    for (JsonNode g : ref.get("grads"))
      for (double w : doubles(g)) overall = Math.max(overall, Math.abs(w));
    int compared = 0;
    for (Map.Entry<String, ImportedModel.Source> e : model.sources().entrySet()) {
      JsonNode expected = ref.get("grads").get(e.getValue().name());
      if (expected == null) continue; // running statistics have no gradient
      double[] want = doubles(expected);
      INDArray got = network.gradients().get(e.getKey());
      double[] have = got.castTo(DataType.DOUBLE).dup('c').data().asDouble();
      if (e.getValue().layout().startsWith("[out, in] in the file")) {
        long out = ref.get("grad_shapes").get(e.getValue().name()).get(0).asLong();
        have = transpose(have, (int) (have.length / out), (int) out);
      }
      assertEquals(want.length, have.length, e.getKey());
      double scale = 0;
      for (double w : want) scale = Math.max(scale, Math.abs(w));
      for (int i = 0; i < want.length; i++)
        assertEquals(
            want[i],
            have[i],
            tolerance * Math.max(scale, 1e-2 * overall),
            type + " " + e.getKey() + " (" + e.getValue().name() + ")[" + i + "]");
      compared++;
    }
    assertTrue(compared >= 2, "gradients compared: " + compared);
  }

  private static double[] transpose(double[] v, int rows, int columns) {
    double[] t = new double[v.length];
    for (int r = 0; r < rows; r++)
      for (int c = 0; c < columns; c++) t[c * rows + r] = v[r * columns + c];
    return t;
  }

  private static double[] doubles(JsonNode list) {
    double[] v = new double[list.size()];
    for (int i = 0; i < v.length; i++) v[i] = list.get(i).asDouble();
    return v;
  }
}
