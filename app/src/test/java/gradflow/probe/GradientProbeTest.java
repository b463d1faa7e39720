package gradflow.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradflow.data.DataLoader;
import gradflow.data.DataSplit;
import gradflow.layers.LayerPass;
import gradflow.model.Network;
import gradflow.model.NetworkBuilder;
import gradflow.spec.NetworkSpec;
import gradflow.train.StepView;
import gradflow.train.Trainer;
import gradflow.train.TrainingObserver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** The probe observes without steering, and the same spec and seed give the same numbers. */
class GradientProbeTest {
  /** Every kind of layer the probe reduces: relu (dead), maxout (wins), sigmoid (saturation). */
  private static final String SPEC =
      """
      seed: 11
      input: [784]
      data: {mnist: {dir: testdata/mnist-mini, train_count: 2000, test_count: 100}}
      layers:
        - dense: {units: 32, activation: relu, init: he_uniform}
        - maxout: {units: 16, k: 3}
        - dense: {units: 16, activation: sigmoid}
        - dense: {units: 10, activation: softmax}
      optimizer: {adam: {lr: 0.003}}
      train: {steps: 60, batch: 16, log_every: 3}
      """;

  /** Reads every tensor a step offers, as a heavy observer would. */
  private static final class Reader implements TrainingObserver {
    double sink;

    @Override
    public void onStep(StepView view) {
      for (LayerPass step : view.pass().layerPasses())
        sink += step.output().sumNumber().doubleValue();
      view.network().gradients().values().forEach(g -> sink += g.norm2Number().doubleValue());
      sink += view.update().amaxNumber().doubleValue() + view.batch().x().sumNumber().doubleValue();
    }
  }

  @Test
  void probeAndObserversLeaveTrainingUnchanged() {
    NetworkSpec spec = ProbedRun.spec(SPEC);
    float[] unobserved = ProbedRun.trainUnobserved(spec).flatParameters().toFloatVector();

    DataSplit data = DataLoader.load(spec.data(), spec.inputSize(), spec.seed());
    Network network = NetworkBuilder.build(spec, DataType.FLOAT);
    List<StepStats> streamed = new ArrayList<>();
    GradientProbe probe = new GradientProbe(network, (view, stats) -> streamed.add(stats));
    new Trainer(spec, network, List.of(new Reader(), probe, new Reader())).train(data);
    float[] observed = network.flatParameters().toFloatVector();

    assertEquals(unobserved.length, observed.length);
    assertArrayEquals(unobserved, observed, "parameters differ with the probe attached");
    assertEquals(21, probe.result().steps().size(), "steps 0, 3, ..., 57 and the last, 59");
    assertEquals(probe.result().steps(), streamed);
  }

  @Test
  void sameSpecAndSeedGiveIdenticalStats() {
    ProbedRun a = ProbedRun.train(SPEC);
    ProbedRun b = ProbedRun.train(SPEC);
    assertEquals(numbers(a.run()), numbers(b.run()));
    assertArrayEquals(
        a.network().flatParameters().toFloatVector(), b.network().flatParameters().toFloatVector());
    assertEquals(
        a.findings().stream().map(Finding::toString).toList(),
        b.findings().stream().map(Finding::toString).toList());
  }

  @Test
  void saturatedFractionIsTheLadderAtTheReferenceLevel() {
    RunStats run = ProbedRun.train(SPEC).run();
    int sigmoid = run.indexOf("dense_3");
    for (StepStats s : run.steps()) {
      LayerStepStats l = s.layers().get(sigmoid);
      assertEquals(l.saturation()[Saturation.REFERENCE], l.get(LayerStat.SATURATED_FRACTION));
      for (int i = 1; i < Saturation.LEVELS.length; i++)
        assertTrue(l.saturation()[i - 1] <= l.saturation()[i], "shares grow with the level");
    }
  }

  @Test
  void parameterStatisticsAreKeyedByParameterName() {
    RunStats run = ProbedRun.train(SPEC).run();
    LayerStepStats dense = run.steps().get(0).layers().get(0);
    assertEquals(List.of("W", "b"), List.copyOf(dense.parameters().keySet()));
    assertEquals(
        dense.parameters().get("W").get(LayerStat.MEAN_ABS_GRAD),
        dense.get(LayerStat.MEAN_ABS_GRAD));
    assertEquals(
        dense.parameters().get("b").get(LayerStat.MEAN_ABS_GRAD),
        dense.get(LayerStat.MEAN_ABS_GRAD_BIAS));
  }

  /** Every kind of layer between two signal layers: pooling, flatten, dropout, norm, residual. */
  private static final String MIXED =
      """
      seed: 3
      input: [1, 28, 28]
      data: {mnist: {dir: testdata/mnist-mini, train_count: 500, test_count: 100}}
      layers:
        - conv2d: {filters: 4, kernel: 3, activation: relu}
        - maxpool2d: {kernel: 2}
        - flatten: {}
        - dropout: {rate: 0.2}
        - dense: {units: 16, activation: sigmoid}
        - batchnorm: {}
        - residual: {layers: [{dense: {units: 16, activation: tanh}}]}
        - maxout: {units: 8, k: 2}
        - dense: {units: 10, activation: softmax}
      optimizer: {adam: {lr: 0.003}}
      train: {steps: 9, batch: 16, log_every: 4}
      """;

  @Test
  void weightTimesActivationFactorIsTheSignalOverTheNextSignalLayersWhateverLiesBetween() {
    RunStats run = ProbedRun.train(MIXED).run();
    for (StepStats s : run.steps()) {
      List<LayerStepStats> layers = s.layers();
      int above = -1; // the next layer up with a signal
      for (int i = layers.size() - 1; i >= 0; i--) {
        LayerStepStats l = layers.get(i);
        double signal = l.get(LayerStat.MEAN_ABS_SIGNAL);
        if (Double.isNaN(signal)) {
          assertTrue(Double.isNaN(l.get(LayerStat.WEIGHT_FACTOR)), l.layer() + " has no signal");
          continue;
        }
        if (above < 0) {
          assertTrue(Double.isNaN(l.get(LayerStat.WEIGHT_FACTOR)), "nothing above " + l.layer());
        } else {
          double ratio = signal / layers.get(above).get(LayerStat.MEAN_ABS_SIGNAL);
          double product = l.get(LayerStat.WEIGHT_FACTOR) * l.get(LayerStat.ACTIVATION_FACTOR);
          assertEquals(ratio, product, 1e-12 * ratio, l.layer() + " at step " + s.step());
        }
        above = i;
      }
      // maxout hands dL/dh whole to the winning piece; relu'(z) zeroes some of conv_1's
      assertEquals(1.0, layers.get(run.indexOf("maxout_9")).get(LayerStat.ACTIVATION_FACTOR));
      assertTrue(layers.get(0).get(LayerStat.ACTIVATION_FACTOR) < 1, "relu loses some signal");
    }
  }

  @Test
  void anotherSeedGivesOtherStats() {
    ProbedRun a = ProbedRun.train(SPEC);
    ProbedRun b = ProbedRun.train(SPEC.replace("seed: 11", "seed: 12"));
    assertTrue(!numbers(a.run()).equals(numbers(b.run())), "the seed changed nothing");
  }

  /**
   * Every number of the run as exact text, every {@link LayerStat} by construction (records compare
   * arrays by reference).
   */
  private static List<String> numbers(RunStats run) {
    List<String> out = new ArrayList<>();
    for (StepStats s : run.steps()) {
      out.add(s.step() + " " + Double.toString(s.loss()) + " " + Double.toString(s.accuracy()));
      for (LayerStepStats l : s.layers()) {
        List<String> line = new ArrayList<>(List.of(l.layer()));
        for (LayerStat stat : LayerStat.values()) line.add(Double.toString(l.get(stat)));
        l.parameters()
            .forEach(
                (param, values) -> {
                  for (LayerStat stat : LayerStat.of(LayerStat.Scope.PARAMETER))
                    line.add(param + "." + stat.key() + "=" + values.get(stat));
                });
        line.add(Arrays.toString(l.saturation()));
        line.add(Arrays.deepToString(l.pieceWins()));
        out.add(String.join(" ", line));
      }
    }
    run.totalPieceWins().forEach((k, v) -> out.add(k + " " + Arrays.deepToString(v)));
    out.add(run.zeroGradientParams().toString());
    return out;
  }
}
