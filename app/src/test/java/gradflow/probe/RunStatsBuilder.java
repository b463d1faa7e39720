package gradflow.probe;

import gradflow.model.LayerInfo;
import gradflow.train.NonFiniteEvent;
import gradflow.train.TrainingSummary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Hand-built {@link RunStats} for check tests: plain numbers, no training. Every logged step starts
 * healthy (signal 1e-3 at every layer, nothing dead, frozen or saturated) and an edit changes the
 * numbers a test is about.
 */
final class RunStatsBuilder {
  /** Mean |dL/dz| a healthy layer gets; ratios are built against it. */
  static final double SIGNAL = 1e-3;

  private final List<LayerInfo> layers = new ArrayList<>();
  private final List<StepStats> steps = new ArrayList<>();
  private final Map<String, long[][]> totalWins = new LinkedHashMap<>();
  private final List<String> zeroGradientParams = new ArrayList<>();
  private NonFiniteEvent nonFinite;
  private double[] gradNorms = new double[0];

  /** Appends a dense layer named dense_N (N 1-based). */
  RunStatsBuilder dense(String activation, int units) {
    int index = layers.size() + 1;
    layers.add(new LayerInfo(index, "dense_" + index, "dense", activation, units, 1));
    return this;
  }

  /** Appends a maxout layer named maxout_N. */
  RunStatsBuilder maxout(int units, int k) {
    int index = layers.size() + 1;
    layers.add(new LayerInfo(index, "maxout_" + index, "maxout", "", units, k));
    return this;
  }

  /** Adds a logged step whose numbers are healthy except for what {@code edit} changes. */
  RunStatsBuilder step(int step, Consumer<StepEdit> edit) {
    StepEdit s = new StepEdit(layers);
    edit.accept(s);
    steps.add(s.build(step));
    return this;
  }

  RunStatsBuilder step(int step) {
    return step(step, s -> {});
  }

  /** Logged steps every {@code logEvery} from 0, each with the given first-to-last signal ratio. */
  RunStatsBuilder ratios(int logEvery, double... ratios) {
    for (int i = 0; i < ratios.length; i++) {
      double ratio = ratios[i];
      step(i * logEvery, s -> s.ratio(ratio).loss(2.0 - ratio / 1000));
    }
    return this;
  }

  /** Logged steps 0, logEvery, ... with {@code edit} applied to each of them. */
  RunStatsBuilder steps(int count, int logEvery, Consumer<StepEdit> edit) {
    for (int i = 0; i < count; i++) step(i * logEvery, edit);
    return this;
  }

  RunStatsBuilder totalWins(String layer, long[][] wins) {
    totalWins.put(layer, wins);
    return this;
  }

  RunStatsBuilder zeroGradient(String... params) {
    zeroGradientParams.addAll(List.of(params));
    return this;
  }

  RunStatsBuilder nonFinite(int step, String layer, String where) {
    nonFinite = new NonFiniteEvent(step, layer, where);
    return this;
  }

  /** The global gradient norm of every training step, as the probe records it. */
  RunStatsBuilder gradNorms(double... norms) {
    gradNorms = norms.clone();
    return this;
  }

  RunStats build() {
    int stepsRun = steps.isEmpty() ? 0 : steps.get(steps.size() - 1).step() + 1;
    TrainingSummary summary =
        new TrainingSummary(stepsRun, nonFinite, Double.NaN, Double.NaN, 1.0, 1.0);
    return new RunStats(
        List.copyOf(layers),
        List.copyOf(steps),
        new LinkedHashMap<>(totalWins),
        List.copyOf(zeroGradientParams),
        summary,
        gradNorms);
  }

  /** One logged step being built: per-layer values, healthy until changed. */
  static final class StepEdit {
    private final List<LayerInfo> layers;
    private final List<Values> values = new ArrayList<>();
    private double loss = 2.0;

    private StepEdit(List<LayerInfo> layers) {
      this.layers = layers;
      for (LayerInfo info : layers) values.add(new Values(info));
    }

    StepEdit loss(double value) {
      loss = value;
      return this;
    }

    /** The first layer's signal set to {@code ratio} times the last layer's. */
    StepEdit ratio(double ratio) {
      values.get(0).signal = ratio * values.get(values.size() - 1).signal;
      return this;
    }

    /** Layer by 1-based index, as in its name. */
    Values layer(int index) {
      return values.get(index - 1);
    }

    private StepStats build(int step) {
      List<LayerStepStats> stats = new ArrayList<>();
      for (int i = 0; i < layers.size(); i++) stats.add(values.get(i).build(layers.get(i)));
      return new StepStats(step, loss, 0.5, List.copyOf(stats));
    }
  }

  /** One layer's numbers at one step; NaN where the statistic does not apply to the layer. */
  static final class Values {
    double signal = SIGNAL;
    double dead;
    double frozen = 0;
    double saturated;
    double derivative;
    double activation = 1.0;
    double meanAbsGrad = 1e-4;
    double weightFactor = Double.NaN;
    double activationFactor = Double.NaN;
    double gradL2 = 1e-2;
    long[][] wins;
    double[] ladder;

    private Values(LayerInfo info) {
      boolean relu = info.activation().equals("relu");
      boolean saturating = info.activation().equals("sigmoid") || info.activation().equals("tanh");
      dead = relu ? 0 : Double.NaN;
      saturated = saturating ? 0 : Double.NaN;
      derivative = info.type().equals("maxout") ? Double.NaN : 0.2;
      wins = info.pieces() > 1 ? new long[info.units()][info.pieces()] : null;
    }

    Values signal(double value) {
      signal = value;
      return this;
    }

    Values dead(double fraction) {
      dead = fraction;
      return this;
    }

    Values frozen(double fraction) {
      frozen = fraction;
      return this;
    }

    Values saturated(double fraction) {
      saturated = fraction;
      return this;
    }

    /** Saturated shares at each of {@link Saturation#LEVELS}, as the probe records them. */
    Values saturation(double... shares) {
      ladder = shares.clone();
      saturated = shares[Saturation.REFERENCE];
      return this;
    }

    Values wins(long[][] counts) {
      wins = counts;
      return this;
    }

    /** The layer's mean |dL/dW|. */
    Values meanAbsGrad(double value) {
      meanAbsGrad = value;
      return this;
    }

    /** The L2 norm of the layer's W and b gradients together. */
    Values gradL2(double value) {
      gradL2 = value;
      return this;
    }

    Values activation(double value) {
      activation = value;
      return this;
    }

    Values derivative(double value) {
      derivative = value;
      return this;
    }

    /** The split of the signal's change from the layer above: weights and f'(z). */
    Values factors(double weight, double activation) {
      weightFactor = weight;
      activationFactor = activation;
      return this;
    }

    private LayerStepStats build(LayerInfo info) {
      Map<LayerStat, Double> v = new EnumMap<>(LayerStat.class);
      v.put(LayerStat.MEAN_ABS_GRAD, meanAbsGrad);
      v.put(LayerStat.MEAN_ABS_GRAD_BIAS, 1e-4);
      v.put(LayerStat.MAX_ABS_GRAD, 1e-2);
      v.put(LayerStat.GRAD_L2, gradL2);
      v.put(LayerStat.MEAN_ABS_WEIGHT, 0.05);
      v.put(LayerStat.UPDATE_RATIO, 1e-3);
      v.put(LayerStat.MEAN_ABS_SIGNAL, signal);
      v.put(LayerStat.WEIGHT_FACTOR, weightFactor);
      v.put(LayerStat.ACTIVATION_FACTOR, activationFactor);
      v.put(LayerStat.DEAD_FRACTION, dead);
      v.put(LayerStat.FROZEN_FRACTION, frozen);
      v.put(LayerStat.SATURATED_FRACTION, saturated);
      v.put(LayerStat.MEAN_DERIVATIVE, derivative);
      v.put(LayerStat.MEAN_ABS_ACTIVATION, activation);
      // the same share at every level: these runs are about the share, not the level
      double[] shares = ladder;
      if (shares == null && !Double.isNaN(saturated)) {
        shares = new double[Saturation.LEVELS.length];
        Arrays.fill(shares, saturated);
      }
      return new LayerStepStats(info.name(), v, Map.of(), shares, wins);
    }
  }
}
