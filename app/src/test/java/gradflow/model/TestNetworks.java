package gradflow.model;

import gradflow.spec.ActivationKind;
import gradflow.spec.ActivationSpec;
import gradflow.spec.DenseSpec;
import gradflow.spec.InitSpec;
import gradflow.spec.LayerSpec;
import gradflow.spec.LossKind;
import gradflow.spec.MaxoutSpec;
import gradflow.spec.NetworkSpec;
import gradflow.spec.OptimizerSpec;
import gradflow.spec.SyntheticSpec;
import gradflow.spec.Thresholds;
import gradflow.spec.TrainSpec;
import java.util.List;

/** Small specs for model tests: 4 inputs, dense relu 4, maxout 3x2, dense linear 3. */
final class TestNetworks {
  static final InitSpec XAVIER = new InitSpec.Scaled(InitSpec.Scheme.XAVIER_UNIFORM);
  static final InitSpec SMALL_NORMAL = new InitSpec.Normal(0, 0.1);

  private TestNetworks() {}

  static NetworkSpec spec(long seed, LossKind loss) {
    return spec(
        seed,
        loss,
        List.of(
            new DenseSpec(4, ActivationSpec.of(ActivationKind.RELU), XAVIER, SMALL_NORMAL, true),
            new MaxoutSpec(3, 2, XAVIER, SMALL_NORMAL),
            new DenseSpec(
                3, ActivationSpec.of(ActivationKind.LINEAR), XAVIER, SMALL_NORMAL, true)));
  }

  static NetworkSpec spec(long seed, LossKind loss, List<LayerSpec> layers) {
    return new NetworkSpec(
        "test",
        seed,
        List.of(4),
        new SyntheticSpec(SyntheticSpec.Kind.BLOBS, 3, 16, 0, 0.1),
        layers,
        loss,
        OptimizerSpec.adam(0.001),
        new TrainSpec(1, 4, 1),
        Thresholds.defaults(),
        "<inline>");
  }
}
