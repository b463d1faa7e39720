package gradflow.onnx;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradflow.spec.ModelImport.Failure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import onnx.Onnx.ModelProto;
import onnx.Onnx.OperatorSetIdProto;
import onnx.Onnx.StringStringEntryProto;
import onnx.Onnx.TensorProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What cannot be imported is named: the node, the opset, the file's damage, the missing file. */
class OnnxErrorsTest {
  private static final Path MLP = OnnxImportTest.fixtures().resolve("mlp-relu/model.onnx");

  private static String failure(Path file) {
    return assertThrows(Failure.class, () -> new OnnxImport().load(file)).getMessage();
  }

  @Test
  void anLstmIsNamedWithTheSupportedOperators() {
    String m = failure(OnnxImportTest.fixtures().resolve("unsupported-lstm/model.onnx"));
    assertTrue(m.startsWith("node '/lstm/LSTM' (LSTM, opset 13) is not supported"), m);
    assertTrue(m.contains("supported operators: Gemm, MatMul"), m);
  }

  @Test
  void anOpsetOutsideTheRangeIsRefused(@TempDir Path dir) throws IOException {
    ModelProto model = ModelProto.parseFrom(Files.readAllBytes(MLP));
    ModelProto old =
        model.toBuilder()
            .clearOpsetImport()
            .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(5))
            .build();
    Path file = dir.resolve("old.onnx");
    Files.write(file, old.toByteArray());
    assertTrue(
        failure(file).startsWith("opset 5 is outside the supported range 7-18"), failure(file));
  }

  @Test
  void truncatedAndCorruptFilesAndNonFilesAreNamed(@TempDir Path dir) throws IOException {
    byte[] bytes = Files.readAllBytes(MLP);
    Path truncated = dir.resolve("truncated.onnx");
    Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
    assertTrue(failure(truncated).contains("corrupt or truncated"), failure(truncated));
    Path garbage = dir.resolve("garbage.onnx");
    Files.writeString(garbage, "name: not a model\nlayers: []\n");
    String g = failure(garbage);
    assertTrue(g.contains("not an ONNX model"), g);
    assertTrue(failure(dir).contains("is a directory"), failure(dir));
    assertTrue(failure(dir.resolve("missing.onnx")).startsWith("no such file"));
  }

  @Test
  void aMissingExternalDataFileIsNamed(@TempDir Path dir) throws IOException {
    ModelProto model = ModelProto.parseFrom(Files.readAllBytes(MLP));
    TensorProto w = model.getGraph().getInitializer(0);
    TensorProto external =
        w.toBuilder()
            .clearRawData()
            .clearFloatData()
            .setDataLocation(TensorProto.DataLocation.EXTERNAL)
            .addExternalData(
                StringStringEntryProto.newBuilder().setKey("location").setValue("weights.bin"))
            .build();
    ModelProto moved =
        model.toBuilder()
            .setGraph(model.getGraph().toBuilder().setInitializer(0, external))
            .build();
    Path file = dir.resolve("external.onnx");
    Files.write(file, moved.toByteArray());
    String m = failure(file);
    assertTrue(
        m.contains("external data file " + dir.resolve("weights.bin") + ", which is missing"), m);
    // and with the file beside it, the model loads
    byte[] raw = w.getRawData().toByteArray();
    Files.write(dir.resolve("weights.bin"), raw);
    try {
      new OnnxImport().load(file);
    } catch (Failure e) {
      throw new AssertionError("with weights.bin beside it: " + e.getMessage(), e);
    }
  }

  @Test
  void aGraphThatBranchesIsNotAChain(@TempDir Path dir) throws IOException {
    ModelProto model = ModelProto.parseFrom(Files.readAllBytes(MLP));
    var graph = model.getGraph().toBuilder();
    // the second Gemm reads the graph input instead of the first layer's output
    graph.setNode(2, graph.getNode(2).toBuilder().setInput(0, "x"));
    Path file = dir.resolve("branch.onnx");
    Files.write(file, model.toBuilder().setGraph(graph).build().toByteArray());
    String m = failure(file);
    assertTrue(m.startsWith("node '/fc2/Gemm' (Gemm) reads 'x', not the output of the layer"), m);
  }
}
