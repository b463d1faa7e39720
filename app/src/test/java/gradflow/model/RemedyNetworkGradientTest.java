package gradflow.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradflow.layers.Activations;
import gradflow.layers.BatchNorm;
import gradflow.layers.Dense;
import gradflow.layers.Dropout;
import gradflow.layers.ForwardContext;
import gradflow.layers.GradientCases;
import gradflow.layers.GradientCheck;
import gradflow.layers.Layer;
import gradflow.layers.Residual;
import gradflow.spec.ActivationKind;
import gradflow.spec.ActivationSpec;
import gradflow.spec.LossKind;
import gradflow.train.Loss;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A network with the remedy layers, built by hand on one flat buffer as {@link NetworkBuilder}
 * does: dense_1 tanh (4 to 5), residual_2 [dense_3 relu (5 to 6), dense_4 tanh (6 to 5)],
 * batchnorm_5 (training mode), dropout_6 (fixed mask), dense_7 linear (5 to 3). The flat gradient
 * from {@link Network#backward} against finite differences of the loss.
 */
class RemedyNetworkGradientTest {
  private static final int BATCH = 4;
  private static final double KINK_MARGIN = 1e-3;

  /** Parameter names and shapes, in flat-buffer order. */
  private static final List<Map.Entry<String, long[]>> PLAN =
      List.of(
          Map.entry("dense_1.W", new long[] {4, 5}),
          Map.entry("dense_1.b", new long[] {5}),
          Map.entry("dense_3.W", new long[] {5, 6}),
          Map.entry("dense_3.b", new long[] {6}),
          Map.entry("dense_4.W", new long[] {6, 5}),
          Map.entry("dense_4.b", new long[] {5}),
          Map.entry("batchnorm_5.gamma", new long[] {5}),
          Map.entry("batchnorm_5.beta", new long[] {5}),
          Map.entry("dense_7.W", new long[] {5, 3}),
          Map.entry("dense_7.b", new long[] {3}));

  private record Fixture(Network network, INDArray x, INDArray oneHot) {}

  static Network build(long seed) {
    long total = 0;
    for (Map.Entry<String, long[]> p : PLAN) total += length(p.getValue());
    SplittableRandom rng = new SplittableRandom(seed);
    INDArray flatParams = GradientCheck.uniform(rng, -1, 1, 1, total);
    INDArray flatGrads = Nd4j.zeros(DataType.DOUBLE, 1, total);
    Map<String, INDArray> params = new LinkedHashMap<>();
    Map<String, INDArray> grads = new LinkedHashMap<>();
    long offset = 0;
    for (Map.Entry<String, long[]> p : PLAN) {
      params.put(p.getKey(), view(flatParams, offset, p.getValue()));
      grads.put(p.getKey(), view(flatGrads, offset, p.getValue()));
      offset += length(p.getValue());
    }
    params.get("batchnorm_5.gamma").addi(1.5); // gamma in [0.5, 2.5]

    INDArray keep = Nd4j.ones(DataType.DOUBLE, BATCH, 5);
    for (int i = 0; i < BATCH; i++) keep.putScalar(i, (i + 1) % 5, 0.0);
    List<Layer> layers =
        List.of(
            dense(params, "dense_1", ActivationKind.TANH),
            new Residual(
                "residual_2",
                List.of(
                    dense(params, "dense_3", "dense_3", ActivationKind.RELU),
                    dense(params, "dense_4", "dense_4", ActivationKind.TANH))),
            new BatchNorm(
                "batchnorm_5",
                params.get("batchnorm_5.gamma"),
                params.get("batchnorm_5.beta"),
                0.9,
                1e-5),
            Dropout.withFixedMask("dropout_6", 0.2, keep),
            dense(params, "dense_7", ActivationKind.LINEAR));
    List<LayerInfo> infos = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      String name = layers.get(i).name();
      infos.add(new LayerInfo(i + 1, name, name.substring(0, name.indexOf('_')), "", 5, 1));
    }
    return new Network(layers, infos, flatParams, flatGrads, params, grads);
  }

  private static Dense dense(Map<String, INDArray> params, String name, ActivationKind kind) {
    return dense(params, name, name, kind);
  }

  private static Dense dense(
      Map<String, INDArray> params, String key, String name, ActivationKind kind) {
    return new Dense(
        name,
        params.get(key + ".W"),
        params.get(key + ".b"),
        Activations.of(ActivationSpec.of(kind)));
  }

  private static long length(long[] shape) {
    long n = 1;
    for (long d : shape) n *= d;
    return n;
  }

  private static INDArray view(INDArray flat, long offset, long[] shape) {
    return flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(offset, offset + length(shape)))
        .reshape('c', shape);
  }

  private static Fixture fixture() {
    for (long seed = 1; seed < 200; seed++) {
      Network network = build(seed);
      SplittableRandom rng = new SplittableRandom(seed).split();
      INDArray x = GradientCheck.uniform(rng, -2, 2, BATCH, 4);
      INDArray oneHot = Nd4j.zeros(DataType.DOUBLE, BATCH, 3);
      for (int i = 0; i < BATCH; i++) oneHot.putScalar(i, rng.nextInt(3), 1.0);
      Residual.ResidualPass residual =
          (Residual.ResidualPass) network.forward(x, ForwardContext.replay(0)).layerPasses().get(1);
      INDArray z = ((Dense.DensePass) residual.innerPasses().get(0)).preActivation();
      if (GradientCases.minAbs(z) > KINK_MARGIN) return new Fixture(network, x, oneHot);
    }
    throw new IllegalStateException("no seed gave a kink-free network");
  }

  @ParameterizedTest
  @EnumSource(LossKind.class)
  void flatGradientMatchesFiniteDifferences(LossKind lossKind) {
    Fixture f = fixture();
    Network network = f.network();
    Loss loss = Loss.of(lossKind);
    Network.ForwardPass pass = network.forward(f.x(), ForwardContext.replay(0));
    INDArray gradX = network.backward(pass, loss.compute(pass.output(), f.oneHot()).gradOutput());
    INDArray flatGrad = network.flatGradients().dup();
    DoubleSupplier lossValue =
        () ->
            loss.compute(network.forward(f.x(), ForwardContext.replay(0)).output(), f.oneHot())
                .value();

    String name = "remedy network(" + lossKind.specName() + ")";
    INDArray numericFlat = GradientCheck.numericGradient(network.flatParameters(), lossValue);
    for (String param : network.parameters().keySet()) {
      GradientCheck.compare(
          name, param, network.slice(flatGrad, param), network.slice(numericFlat, param));
      assertEquals(
          network.slice(flatGrad, param),
          network.gradients().get(param),
          name + ": gradients() view of " + param);
    }
    GradientCheck.compare(name, "flat", flatGrad, numericFlat);
    GradientCheck.checkArray(name, "input", f.x(), gradX, lossValue);
  }

  @Test
  void parameterNamesAreQualifiedByTheResidual() {
    Network network = build(1);
    assertEquals(
        PLAN.stream().map(Map.Entry::getKey).toList(), List.copyOf(network.parameters().keySet()));
    assertTrue(
        network.layers().get(1).parameters().containsKey("dense_3.W"),
        "the residual's own key for its inner dense_3.W");
  }

  @Test
  void inferenceUsesRunningStatisticsAndLeavesThemAlone() {
    Fixture f = fixture();
    BatchNorm batchNorm = (BatchNorm) f.network().layers().get(2);
    INDArray training = f.network().forward(f.x(), ForwardContext.training(0)).output();
    INDArray runningMean = batchNorm.runningMean().dup();
    INDArray runningVar = batchNorm.runningVar().dup();
    INDArray inference = f.network().forward(f.x(), ForwardContext.INFERENCE).output();
    assertNotEquals(training, inference, "inference normalises with the running averages");
    assertEquals(runningMean, batchNorm.runningMean(), "running mean unchanged at inference");
    assertEquals(runningVar, batchNorm.runningVar(), "running var unchanged at inference");
    assertEquals(
        inference,
        f.network().forward(f.x(), ForwardContext.INFERENCE).output(),
        "inference repeats");
    assertArrayEquals(new long[] {BATCH, 3}, inference.shape(), "output shape");
  }
}
