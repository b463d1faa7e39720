package gradflow.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import gradflow.onnx.OnnxImport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: the binder records each layer's type key position under the name the builder gives it,
 * for SARIF results and workflow annotations on the spec line.
 */
class LayerPositionsTest {
  private static Path config(String name) {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent())
      if (Files.isDirectory(dir.resolve("configs"))) return dir.resolve("configs/" + name);
    throw new IllegalStateException("configs/ not found");
  }

  @Test
  void repeatedResidualBlocksNameTheirLayersInBuildOrder() {
    Map<String, SpecPosition> at = SpecReader.read(config("deep-residual.yaml")).layerPositions();

    assertEquals(32, at.size());
    assertEquals(new SpecPosition(8, 5), at.get("dense_1"));
    assertEquals(new SpecPosition(10, 5), at.get("residual_2"));
    assertEquals(new SpecPosition(12, 11), at.get("dense_3"));
    assertEquals(new SpecPosition(13, 11), at.get("dense_4"));
    assertEquals(new SpecPosition(10, 5), at.get("residual_29"));
    assertEquals(new SpecPosition(14, 5), at.get("dense_32"));
  }

  @Test
  void sweepsAndOverridesKeepThePositions() {
    NetworkSpec spec = SpecReader.read(config("classic-relu.yaml"));
    NetworkSpec changed = spec.withSeed(7).withLayers(spec.layers());
    assertEquals(spec.layerPositions(), changed.layerPositions());
    assertEquals(new SpecPosition(9, 5), changed.layerPositions().get("dense_5"));
    assertEquals(new SpecPosition(10, 5), changed.layerPositions().get("dense_6"));
  }

  @Test
  void anImportedModelsLayersPointAtTheModelKey() throws IOException {
    Path file = config("onnx-sigmoid-mnist.yaml");
    NetworkSpec spec =
        SpecReader.parse(
            Files.readAllBytes(file),
            file,
            ExpressionSyntax.NONE,
            MemoryLimit.NONE,
            new OnnxImport());
    assertEquals(Set.copyOf(spec.model().layerNames()), spec.layerPositions().keySet());
    assertEquals(
        Set.of(new SpecPosition(7, 1)),
        spec.layerPositions().values().stream().collect(Collectors.toSet()));
  }

  @Test
  void aSpecBuiltInCodeHasNone() {
    NetworkSpec spec = SpecReader.read(config("classic-relu.yaml"));
    NetworkSpec bare =
        new NetworkSpec(
            spec.name(),
            spec.seed(),
            spec.input(),
            spec.data(),
            List.copyOf(spec.layers()),
            spec.loss(),
            spec.optimizer(),
            spec.train(),
            spec.thresholds(),
            spec.source());
    assertEquals(Map.of(), bare.layerPositions());
  }
}
