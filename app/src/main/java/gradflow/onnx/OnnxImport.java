package gradflow.onnx;

import gradflow.spec.ImportedModel;
import gradflow.spec.ModelImport;
import gradflow.text.FileKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import onnx.Onnx.ModelProto;
import onnx.Onnx.OperatorSetIdProto;
import org.nd4j.shade.protobuf.InvalidProtocolBufferException;

/**
 * Reads an ONNX model (the protobuf classes ND4J ships) into gradflow layers: see {@link
 * GraphMapper} for what maps to what. Every problem is a {@link ModelImport.Failure} that names the
 * file's node.
 */
public final class OnnxImport implements ModelImport {
  /** The default-domain opsets whose operators the mapper knows (PyTorch 1.x exports 7-17). */
  static final int MIN_OPSET = 7;

  static final int MAX_OPSET = 18;

  /** Larger files are surely not the small models gradflow trains; protobuf stops at 2 GiB too. */
  static final long MAX_BYTES = 1L << 30;

  @Override
  public ImportedModel load(Path file) throws Failure {
    ModelProto model = read(file);
    int opset = opset(model);
    if (!model.hasGraph() || model.getGraph().getNodeCount() == 0)
      throw new Failure(file + " holds no graph", "export the model again");
    Path dir = file.toAbsolutePath().getParent();
    return new GraphMapper(model.getGraph(), dir, opset).map(file);
  }

  private static ModelProto read(Path file) throws Failure {
    if (Files.isDirectory(file) || (Files.exists(file) && !Files.isRegularFile(file)))
      throw new Failure(file + " is " + FileKind.of(file) + ", not an ONNX file", null);
    try {
      if (Files.size(file) > MAX_BYTES)
        throw new Failure(file + " is larger than 1 GiB; gradflow imports small models", null);
      try (InputStream in = Files.newInputStream(file)) {
        ModelProto model = ModelProto.parseFrom(in);
        if (model.getIrVersion() <= 0)
          throw new Failure(
              file + " is not an ONNX model (no IR version)",
              "give the .onnx file torch.onnx.export or tf2onnx wrote");
        return model;
      }
    } catch (InvalidProtocolBufferException e) {
      throw new Failure(
          file + " is not an ONNX model, or is corrupt or truncated (" + e.getMessage() + ")",
          "export the model again");
    } catch (NoSuchFileException e) {
      throw new Failure(
          "no such file: " + file, "check the path; in a spec it is relative to the spec's folder");
    } catch (AccessDeniedException e) {
      throw new Failure(file + ": permission denied", "make it readable: chmod u+r " + file);
    } catch (IOException e) {
      throw new Failure("cannot read " + file + ": " + e.getMessage(), null);
    }
  }

  private static int opset(ModelProto model) throws Failure {
    for (OperatorSetIdProto o : model.getOpsetImportList()) {
      if (!o.getDomain().isEmpty() && !o.getDomain().equals("ai.onnx")) continue;
      long v = o.getVersion();
      if (v < MIN_OPSET || v > MAX_OPSET)
        throw new Failure(
            "opset " + v + " is outside the supported range " + MIN_OPSET + "-" + MAX_OPSET,
            "export with opset_version=13 (torch.onnx.export) or --opset 13 (tf2onnx)");
      return (int) v;
    }
    throw new Failure("the model imports no default-domain opset", "export the model again");
  }
}
