package gradflow.spec;

import java.util.List;

/**
 * Rules that span sections: where softmax may go, what the last layer must be for the loss, that
 * input and output sizes fit the data, and that each layer can take the shape it gets ({@link
 * ShapeChecks}). Each problem points at the value to change.
 */
final class CrossChecks {
  private final Problems problems;

  CrossChecks(Problems problems) {
    this.problems = problems;
  }

  /** Checks what bound; {@code input} or {@code data} may be null after their own problems. */
  void check(
      MapFields top, List<Integer> input, DataSpec data, List<BoundLayer> layers, LossKind loss) {
    if (layers.isEmpty()) return;
    for (int i = 0; i < layers.size() - 1; i++) hiddenSoftmax(layers.get(i));
    new ShapeChecks(problems).check(input, layers);
    BoundLayer last = layers.get(layers.size() - 1);
    if (!(last.spec() instanceof DenseSpec dense)) {
      problems.atKey(
          last.typeKey(),
          last.path(),
          "the last layer must be dense, found " + last.spec().type(),
          "add - dense: {units: 10, activation: softmax} as the output layer");
      return;
    }
    lossFits(top, loss, last, dense.activation().kind());
    if (data instanceof MnistSpec) mnistFits(top, input, last, dense);
    if (data instanceof SyntheticSpec s && dense.units() != s.classes()) {
      problems.at(
          last.units(),
          last.path(),
          "the last layer must have one unit per class ("
              + s.classes()
              + "), found "
              + dense.units(),
          "set units: " + s.classes() + ", or change data.synthetic.classes");
    }
  }

  private void lossFits(MapFields top, LossKind loss, BoundLayer last, ActivationKind kind) {
    if (loss == LossKind.CROSS_ENTROPY
        && kind != ActivationKind.SOFTMAX
        && kind != ActivationKind.LINEAR) {
      problems.at(
          last.activation(),
          last.path(),
          "with loss cross_entropy the last layer's activation must be softmax or linear, found "
              + kind.specName(),
          "both feed logits to a stable softmax cross-entropy; or set loss: mse");
    }
    if (loss == LossKind.MSE && kind == ActivationKind.SOFTMAX) {
      problems.at(
          last.activation(),
          last.path(),
          "with loss mse the last layer must not use softmax",
          "use linear or sigmoid, or set loss: cross_entropy");
    }
  }

  private void mnistFits(MapFields top, List<Integer> input, BoundLayer last, DenseSpec dense) {
    if (input != null && !input.equals(List.of(784)) && !input.equals(List.of(1, 28, 28))) {
      problems.at(
          top.get("input"),
          "",
          "MNIST images need input [784] or [1, 28, 28], found " + input,
          "MNIST images are 28x28 pixels, one channel");
    }
    if (dense.units() != 10) {
      problems.at(
          last.units(),
          last.path(),
          "MNIST has 10 classes, so the last layer needs 10 units, found " + dense.units(),
          "set units: 10");
    }
  }

  /** Softmax on a layer that is not the last, or anywhere inside a residual block. */
  private void hiddenSoftmax(BoundLayer layer) {
    if (activation(layer) == ActivationKind.SOFTMAX) {
      problems.at(
          layer.activation(),
          layer.path(),
          "softmax is only allowed on the last layer",
          "use relu, tanh or another elementwise activation in hidden layers");
    }
    for (BoundLayer inner : layer.block()) hiddenSoftmax(inner);
  }

  private static ActivationKind activation(BoundLayer layer) {
    ActivationSpec a = layer.spec().activation();
    return a == null ? null : a.kind();
  }
}
