package gradflow.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import gradflow.data.DataLoader;
import gradflow.data.DataSplit;
import gradflow.layers.CompositePass;
import gradflow.layers.Dropout;
import gradflow.layers.LayerPass;
import gradflow.layers.LayerTree;
import gradflow.model.Network;
import gradflow.model.NetworkBuilder;
import gradflow.spec.NetworkSpec;
import gradflow.spec.SpecReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Training step i draws dropout mask i of each layer's seeded stream, as the layer's call counter
 * did before masks came in through the forward context: one training pass per step, inner dropout
 * layers of a residual block included. No golden report has dropout, so this pins the masks.
 */
class DropoutMaskStreamTest {
  private static final String SPEC =
      """
      input: [6]
      seed: 4
      data: {synthetic: {kind: blobs, classes: 2, samples: 40, test_samples: 0}}
      layers:
        - dense: {units: 5, activation: tanh}
        - dropout: {rate: 0.4}
        - residual:
            layers:
              - dense: {units: 5, activation: tanh}
              - dropout: {rate: 0.3}
        - dense: {units: 2, activation: softmax}
      train: {steps: 4, batch: 8, log_every: 1}
      """;

  @Test
  void stepIDrawsMaskIOfEveryDropoutLayer() {
    NetworkSpec spec = SpecReader.parse(SPEC, "dropout.yaml", null);
    Network network = NetworkBuilder.build(spec, DataType.FLOAT);
    DataSplit data = DataLoader.load(spec.data(), spec.inputSize(), spec.seed());
    List<Dropout> dropouts = new ArrayList<>();
    LayerTree.flatten(network.layers())
        .forEach(l -> dropouts.add(l instanceof Dropout d ? d : null));
    List<String> checked = new ArrayList<>();
    TrainingObserver observer =
        view -> {
          List<LayerPass> passes = LayerTree.flattenPasses(view.pass().layerPasses());
          for (int i = 0; i < passes.size(); i++) {
            Dropout layer = dropouts.get(i);
            if (layer == null || passes.get(i) instanceof CompositePass) continue;
            INDArray mask = ((Dropout.DropoutPass) passes.get(i)).mask().orElseThrow();
            assertEquals(
                layer.sampleMask(mask.shape(), mask.dataType(), view.step()),
                mask,
                layer.name() + " at step " + view.step());
            if (view.step() > 0)
              assertNotEquals(
                  layer.sampleMask(mask.shape(), mask.dataType(), view.step() - 1),
                  mask,
                  layer.name() + ": a new mask each step");
            checked.add(layer.name() + "@" + view.step());
          }
        };
    new Trainer(spec, network, List.of(observer)).train(data);
    assertEquals(8, checked.size(), checked.toString());
  }
}
