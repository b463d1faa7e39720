package gradflow.probe;

import gradflow.layers.ActivatedPass;
import gradflow.layers.Activation;
import gradflow.layers.CompositeLayer;
import gradflow.layers.Layer;
import gradflow.layers.LayerPass;
import gradflow.layers.LayerTree;
import gradflow.layers.PieceWinPass;
import gradflow.layers.RoutingPass;
import gradflow.layers.SignalPass;
import gradflow.model.LayerInfo;
import gradflow.model.Network;
import gradflow.spec.Threshold;
import gradflow.spec.Thresholds;
import gradflow.train.StepView;
import gradflow.train.TrainingObserver;
import gradflow.train.TrainingSummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.longer.MatchCondition;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * Reduces every step's tensors to {@link LayerStepStats}. Every step it folds per-unit extremes and
 * Maxout wins into window accumulators (one reduction per layer); on logged steps it also measures
 * gradients, weights, updates and activation health, emits a {@link StepStats} and starts a new
 * window.
 */
public final class GradientProbe implements TrainingObserver {
  private final Network network;
  private final double saturationDerivative;
  private final BiConsumer<StepView, StepStats> listener;
  private final List<UnitWindow> windows = new ArrayList<>();
  private final Map<String, long[][]> windowWins = new LinkedHashMap<>();
  private final Map<String, long[][]> totalWins = new LinkedHashMap<>();
  private final Map<String, Integer> zeroGradientSteps = new LinkedHashMap<>();
  private final List<StepStats> history = new ArrayList<>();
  private final List<Layer> flatLayers;
  private TrainingSummary summary;

  /**
   * {@code listener} receives each logged step's view with what was measured at it, in the same
   * call, as soon as it is measured (for streaming); may be null.
   */
  public GradientProbe(
      Network network, Thresholds thresholds, BiConsumer<StepView, StepStats> listener) {
    this.network = network;
    this.saturationDerivative = thresholds.get(Threshold.SATURATION_DERIVATIVE);
    this.listener = listener;
    this.flatLayers = LayerTree.flatten(network.layers());
    for (LayerInfo info : network.infos()) {
      windows.add(new UnitWindow(info.units()));
      if (info.pieces() > 1) {
        windowWins.put(info.name(), new long[info.units()][info.pieces()]);
        totalWins.put(info.name(), new long[info.units()][info.pieces()]);
      }
    }
    for (String param : network.parameters().keySet()) zeroGradientSteps.put(param, 0);
  }

  @Override
  public void onStep(StepView view) {
    List<LayerPass> steps = LayerTree.flattenPasses(view.pass().layerPasses());
    for (int i = 0; i < steps.size(); i++)
      accumulate(network.infos().get(i), windows.get(i), steps.get(i));
    if (!view.logged()) return;
    List<LayerStepStats> layers = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      LayerPass next = i + 1 < steps.size() ? steps.get(i + 1) : null;
      layers.add(
          measure(network.infos().get(i), windows.get(i), steps.get(i), next, view.update()));
    }
    StepStats stats = new StepStats(view.step(), view.loss(), view.accuracy(), List.copyOf(layers));
    history.add(stats);
    if (listener != null) listener.accept(view, stats);
  }

  @Override
  public void onEnd(TrainingSummary summary) {
    this.summary = summary;
  }

  /** The run so far as plain numbers. */
  public RunStats result() {
    int logged = history.size();
    List<String> zero = new ArrayList<>();
    zeroGradientSteps.forEach(
        (param, count) -> {
          if (logged > 0 && count == logged) zero.add(param);
        });
    Map<String, long[][]> wins = new LinkedHashMap<>();
    totalWins.forEach((name, counts) -> wins.put(name, deepCopy(counts)));
    return new RunStats(network.infos(), List.copyOf(history), wins, zero, summary);
  }

  private void accumulate(LayerInfo info, UnitWindow window, LayerPass step) {
    if (step instanceof ActivatedPass a && a.activation().canDie())
      window.addPreActivation(a.preActivation());
    if (step instanceof SignalPass s) window.addSignal(s.gradPreActivation());
    if (step instanceof PieceWinPass m) {
      long[][] counts = windowWins.get(info.name());
      long[][] total = totalWins.get(info.name());
      double[][] batch = m.winCounts().toDoubleMatrix();
      for (int u = 0; u < counts.length; u++)
        for (int j = 0; j < counts[u].length; j++) {
          counts[u][j] += (long) batch[u][j];
          total[u][j] += (long) batch[u][j];
        }
    }
  }

  private LayerStepStats measure(
      LayerInfo info, UnitWindow window, LayerPass step, LayerPass next, INDArray update) {
    String name = info.name();
    // the first parameter plays the part of W (W, or gamma for batchnorm), the second of b
    Layer layer = flatLayers.get(info.index() - 1);
    // a composite's parameters belong to its inner layers, which are measured on their own
    List<String> params =
        layer instanceof CompositeLayer ? List.of() : new ArrayList<>(layer.parameters().keySet());
    ParamStats weight =
        params.isEmpty() ? ParamStats.NONE : paramStats(name + "." + params.get(0), update);
    ParamStats bias =
        params.size() < 2 ? ParamStats.NONE : paramStats(name + "." + params.get(1), update);
    double maxAbsGrad =
        params.size() < 2 ? weight.maxAbsGrad() : Math.max(weight.maxAbsGrad(), bias.maxAbsGrad());
    double l2 = params.size() < 2 ? weight.l2() : Math.hypot(weight.l2(), bias.l2());

    double signal =
        step instanceof SignalPass s
            ? s.gradPreActivation().ameanNumber().doubleValue()
            : Double.NaN;
    // max-pooling right above sends gradient only to its window winners: average over those
    // positions, or every pooling layer would look like a 4x loss of signal
    if (next instanceof RoutingPass pool && pool.routedShare() > 0) signal /= pool.routedShare();
    double dead = Double.NaN;
    double saturated = Double.NaN;
    double meanDerivative = Double.NaN;
    if (step instanceof ActivatedPass a) {
      Activation f = a.activation();
      if (f.canDie()) dead = window.deadFraction();
      INDArray derivative = a.activationDerivative();
      meanDerivative = derivative.meanNumber().doubleValue();
      if (f.canSaturate())
        saturated =
            countBelow(derivative, saturationDerivative * f.peakDerivative()) / derivative.length();
    }
    double frozen = step instanceof SignalPass ? window.frozenFraction() : Double.NaN;
    window.reset();
    long[][] wins = null;
    if (windowWins.containsKey(name)) {
      wins = deepCopy(windowWins.get(name));
      for (long[] row : windowWins.get(name)) java.util.Arrays.fill(row, 0);
    }
    double routed = step instanceof RoutingPass r ? r.routedShare() : Double.NaN;
    double ties =
        step instanceof RoutingPass r && r.windows() > 0
            ? (double) r.ties() / r.windows()
            : Double.NaN;
    double meanAbsActivation = step.output().ameanNumber().doubleValue();
    return new LayerStepStats(
        name,
        weight.meanAbsGrad(),
        bias.meanAbsGrad(),
        maxAbsGrad,
        l2,
        weight.meanAbsWeight(),
        weight.updateRatio(),
        signal,
        dead,
        frozen,
        saturated,
        meanDerivative,
        meanAbsActivation,
        routed,
        ties,
        wins);
  }

  /** Gradient, weight and update statistics of one parameter array; counts all-zero gradients. */
  private ParamStats paramStats(String param, INDArray update) {
    FastStats.Magnitudes grad = FastStats.magnitudes(network.gradients().get(param));
    countZero(param, grad.maxAbs());
    double[] weightAndUpdate =
        FastStats.meanAbsPair(network.parameters().get(param), network.slice(update, param));
    double meanAbsWeight = weightAndUpdate[0];
    return new ParamStats(
        grad.meanAbs(),
        grad.maxAbs(),
        grad.l2(),
        meanAbsWeight,
        weightAndUpdate[1] / meanAbsWeight);
  }

  private record ParamStats(
      double meanAbsGrad, double maxAbsGrad, double l2, double meanAbsWeight, double updateRatio) {
    static final ParamStats NONE =
        new ParamStats(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
  }

  private void countZero(String param, double maxAbs) {
    if (maxAbs == 0.0) zeroGradientSteps.merge(param, 1, Integer::sum);
  }

  private static double countBelow(INDArray a, double limit) {
    return Nd4j.getExecutioner()
        .exec(new MatchCondition(a, Conditions.lessThan(limit)))
        .getDouble(0);
  }

  private static long[][] deepCopy(long[][] a) {
    long[][] copy = new long[a.length][];
    for (int i = 0; i < a.length; i++) copy[i] = a[i].clone();
    return copy;
  }
}
