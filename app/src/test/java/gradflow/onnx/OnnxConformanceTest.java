package gradflow.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradflow.layers.ForwardContext;
import gradflow.model.Network;
import gradflow.model.NetworkBuilder;
import gradflow.spec.ImportedModel;
import gradflow.spec.LossKind;
import gradflow.spec.ModelImport.Failure;
import gradflow.spec.NetworkSpec;
import gradflow.spec.OptimizerSpec;
import gradflow.spec.SyntheticSpec;
import gradflow.spec.Thresholds;
import gradflow.spec.TrainSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorProto;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ONNX's own operator conformance tests (Debian's libonnx-testdata, ONNX 1.12): every node test of
 * an operator the importer supports is either imported and gives ONNX's expected output on ONNX's
 * input, or refused with a message (an attribute or form gradflow does not support). Weights that
 * the tests feed as graph inputs become initializers. Skipped where the package is missing, unless
 * GRADFLOW_REQUIRE_ONNX_TESTDATA=1 (which .ci/run sets once it installed it).
 */
class OnnxConformanceTest {
  private static final Path NODE = Path.of("/usr/share/libonnx-testdata/data/node");

  @Test
  void supportedOperatorsGiveOnnxsOutputsOrAreRefusedClearly(@TempDir Path dir) throws Exception {
    if ("1".equals(System.getenv("GRADFLOW_REQUIRE_ONNX_TESTDATA")))
      assertTrue(Files.isDirectory(NODE), NODE + " is missing");
    Assumptions.assumeTrue(Files.isDirectory(NODE), "libonnx-testdata is not installed");
    List<String> matched = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    List<String> wrong = new ArrayList<>();
    List<Path> tests;
    try (Stream<Path> list = Files.list(NODE)) {
      tests = list.sorted().toList();
    }
    for (Path test : tests) {
      Path modelFile = test.resolve("model.onnx");
      Path data = test.resolve("test_data_set_0");
      if (!Files.isRegularFile(modelFile) || !Files.isDirectory(data)) continue;
      ModelProto model = ModelProto.parseFrom(Files.readAllBytes(modelFile));
      if (!supported(model)) continue;
      String name = test.getFileName().toString();
      try {
        Path file = withWeightsAsInitializers(model, data, dir.resolve(name + ".onnx"));
        ImportedModel imported;
        try {
          imported = new OnnxImport().load(file);
        } catch (Failure f) {
          assertTrue(!f.getMessage().isBlank(), name);
          refused.add(name + ": " + f.getMessage());
          continue;
        }
        TensorProto x = TensorProto.parseFrom(Files.readAllBytes(data.resolve("input_0.pb")));
        TensorProto expected =
            TensorProto.parseFrom(Files.readAllBytes(data.resolve("output_0.pb")));
        INDArray out = forward(imported, x, training(model));
        float[] want = OnnxTensors.floats(expected, dir).values();
        long[] wantShape = OnnxTensors.dims(expected);
        double error = 0;
        boolean shapeOk =
            java.util.Arrays.equals(wantShape, out.shape()) || out.length() == want.length;
        float[] got = out.castTo(DataType.FLOAT).dup('c').data().asFloat();
        for (int i = 0; shapeOk && i < want.length; i++)
          error = Math.max(error, Math.abs(got[i] - want[i]) / (1e-3 + Math.abs(want[i])));
        if (shapeOk && error <= 1e-3) matched.add(name);
        else
          wrong.add(
              name
                  + " (shape "
                  + java.util.Arrays.toString(out.shape())
                  + " vs "
                  + java.util.Arrays.toString(wantShape)
                  + ", max relative error "
                  + error
                  + ")");
      } catch (IllegalArgumentException e) {
        refused.add(name + ": " + e.getMessage()); // a shape the builder cannot take, said so
      }
    }
    System.err.printf(
        "ONNX conformance: %d matched ONNX's outputs, %d refused with a message, %d wrong%n  matched: %s%n",
        matched.size(), refused.size(), wrong.size(), matched);
    assertEquals(List.of(), wrong, "imported models whose output is not ONNX's");
    assertTrue(matched.size() >= 10, "matched: " + matched + "; refused: " + refused);
  }

  /** Every node is of an operator the importer supports (Constant plumbing included). */
  private static boolean supported(ModelProto model) {
    if (model.getGraph().getNodeCount() == 0) return false;
    for (NodeProto n : model.getGraph().getNodeList())
      if (!GraphMapper.SUPPORTED.contains(n.getOpType()) || !n.getDomain().isEmpty()) return false;
    return model.getGraph().getNodeList().stream().anyMatch(n -> !n.getOpType().equals("Constant"));
  }

  /** A node asks for training behaviour (batchnorm's batch statistics). */
  private static boolean training(ModelProto model) {
    for (NodeProto n : model.getGraph().getNodeList())
      for (var a : n.getAttributeList())
        if (a.getName().equals("training_mode") && a.getI() == 1) return true;
    return false;
  }

  /** The test's graph inputs after the first, as initializers with the test's values. */
  private static Path withWeightsAsInitializers(ModelProto model, Path data, Path out)
      throws IOException {
    var graph = model.getGraph().toBuilder();
    List<String> inputs = new ArrayList<>();
    for (var in : model.getGraph().getInputList()) inputs.add(in.getName());
    for (int k = inputs.size() - 1; k >= 1; k--) {
      Path pb = data.resolve("input_" + k + ".pb");
      if (!Files.isRegularFile(pb)) continue;
      TensorProto t =
          TensorProto.parseFrom(Files.readAllBytes(pb)).toBuilder().setName(inputs.get(k)).build();
      graph.addInitializer(t);
      graph.removeInput(k);
    }
    Files.write(out, model.toBuilder().setGraph(graph).build().toByteArray());
    return out;
  }

  private static INDArray forward(ImportedModel model, TensorProto x, boolean training)
      throws Failure {
    NetworkSpec spec =
        new NetworkSpec(
            "conformance",
            0,
            model.input(),
            new SyntheticSpec(SyntheticSpec.Kind.BLOBS, 2, 10, 0, 1.0),
            model.layers(),
            LossKind.MSE,
            OptimizerSpec.adam(0.001),
            new TrainSpec(1, 1, 1),
            Thresholds.defaults(),
            null,
            "conformance",
            model);
    Network network = NetworkBuilder.build(spec, DataType.FLOAT);
    float[] values = OnnxTensors.floats(x, Path.of(".")).values();
    INDArray input = Nd4j.createFromArray(values).reshape(OnnxTensors.dims(x));
    ForwardContext context =
        training ? ForwardContext.replay(0) : new ForwardContext(false, 0, false);
    return network.forward(input, context).output();
  }
}
