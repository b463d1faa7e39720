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
import gradflow.train.GradientNorms;
import gradflow.train.ParameterSums;
import gradflow.train.StepView;
import gradflow.train.TrainingObserver;
import gradflow.train.TrainingSummary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reduces every step's tensors to {@link LayerStepStats}, by {@link LayerStat}. Every step it folds
 * per-unit extremes and Maxout wins into window accumulators (one reduction per layer); on logged
 * steps one reducer per capability (parameter magnitudes, signal, unit health, routing, piece wins)
 * measures what applies to the layer, then it emits a {@link StepStats} and starts a new window. It
 * judges nothing: thresholds are the checks' (saturation is recorded at fixed levels, see {@link
 * Saturation}).
 */
public final class GradientProbe implements TrainingObserver {
  private final Network network;
  private final BiConsumer<StepView, StepStats> listener;
  private final List<UnitWindow> windows = new ArrayList<>();
  private final Map<String, long[][]> windowWins = new LinkedHashMap<>();
  private final Map<String, long[][]> totalWins = new LinkedHashMap<>();
  private final Map<String, Integer> zeroGradientSteps = new LinkedHashMap<>();
  private final List<StepStats> history = new ArrayList<>();
  private final List<Layer> flatLayers;

  /** Each parameter's view into the update buffer, which the optimizer reuses every step. */
  private final Map<String, INDArray> updateSlices = new LinkedHashMap<>();

  private INDArray slicedUpdate;
  private double[] gradNorms = new double[64];
  private int gradNormCount;
  private TrainingSummary summary;

  /** The optimizer's chunk sums of the step being measured, when it filled them; else null. */
  private ParameterSums stepSums;

  /**
   * {@code listener} receives each logged step's view with what was measured at it, in the same
   * call, as soon as it is measured (for streaming); may be null. The probe applies no thresholds:
   * the checks do.
   */
  public GradientProbe(Network network, BiConsumer<StepView, StepStats> listener) {
    this.network = network;
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
    recordGradNorm(view.step(), view.gradNorm());
    List<LayerPass> steps = LayerTree.flattenPasses(view.pass().layerPasses());
    for (int i = 0; i < steps.size(); i++)
      accumulate(network.infos().get(i), windows.get(i), steps.get(i));
    if (!view.logged()) return;
    stepSums = view.sums() != null && view.sums().filled() ? view.sums() : null;
    // output side first, so each signal layer is split against the one above it
    LayerStepStats[] layers = new LayerStepStats[steps.size()];
    double signalAbove = Double.NaN;
    for (int i = steps.size() - 1; i >= 0; i--) {
      LayerPass next = i + 1 < steps.size() ? steps.get(i + 1) : null;
      layers[i] =
          measure(
              network.infos().get(i),
              windows.get(i),
              steps.get(i),
              next,
              signalAbove,
              view.update());
      if (steps.get(i) instanceof SignalPass)
        signalAbove = layers[i].get(LayerStat.MEAN_ABS_SIGNAL);
    }
    StepStats stats = new StepStats(view.step(), view.loss(), view.accuracy(), List.of(layers));
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
    return new RunStats(
        network.infos(),
        List.copyOf(history),
        wins,
        zero,
        summary,
        Arrays.copyOf(gradNorms, gradNormCount));
  }

  /**
   * The global gradient norm of every step (one reduction over the flat gradient), so that a
   * blow-up between logged steps is seen; overflow-safe, so huge finite gradients stay finite.
   * {@code norm} is the optimizer's, from its own pass over the gradient (a double sum of squares,
   * which cannot overflow), or NaN, and then the probe takes it.
   */
  private void recordGradNorm(int step, double norm) {
    if (step >= gradNorms.length)
      gradNorms = Arrays.copyOf(gradNorms, Math.max(step + 1, 2 * gradNorms.length));
    for (int i = gradNormCount; i < step; i++) gradNorms[i] = Double.NaN;
    gradNorms[step] = Double.isNaN(norm) ? GradientNorms.l2(network.flatGradients()) : norm;
    gradNormCount = step + 1;
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

  /**
   * One layer's statistics at a logged step: each capability's reducer adds what applies. {@code
   * signalAbove} is mean |dL/dz| of the nearest signal layer above, NaN when there is none.
   */
  private LayerStepStats measure(
      LayerInfo info,
      UnitWindow window,
      LayerPass step,
      LayerPass next,
      double signalAbove,
      INDArray update) {
    Layer layer = flatLayers.get(info.index() - 1);
    EnumMap<LayerStat, Double> values = new EnumMap<>(LayerStat.class);
    Map<String, Map<LayerStat, Double>> parameters =
        parameterMagnitudes(info, layer, update, values);
    signal(step, next, signalAbove, values);
    double[] saturation = unitHealth(window, step, values);
    routing(step, values);
    values.put(LayerStat.MEAN_ABS_ACTIVATION, FastStats.meanAbs(step.output()));
    return new LayerStepStats(info.name(), values, parameters, saturation, pieceWins(info));
  }

  /**
   * Gradient, weight and update magnitudes of each parameter array, by parameter name; the layer's
   * values are those of its first parameter (its weight: W, or gamma), the maximum and the norm
   * over the first two (weight and bias). A composite's parameters belong to its inner layers,
   * which are measured on their own.
   */
  private Map<String, Map<LayerStat, Double>> parameterMagnitudes(
      LayerInfo info, Layer layer, INDArray update, Map<LayerStat, Double> values) {
    Map<String, Map<LayerStat, Double>> parameters = new LinkedHashMap<>();
    if (layer instanceof CompositeLayer) return parameters;
    for (String param : layer.parameters().keySet())
      parameters.put(param, paramStats(info.name() + "." + param, update));
    List<Map<LayerStat, Double>> params = new ArrayList<>(parameters.values());
    if (params.isEmpty()) return parameters;
    Map<LayerStat, Double> weight = params.get(0);
    for (LayerStat stat : LayerStat.of(LayerStat.Scope.PARAMETER))
      values.put(stat, weight.get(stat));
    if (params.size() < 2) return parameters;
    Map<LayerStat, Double> bias = params.get(1);
    values.put(LayerStat.MEAN_ABS_GRAD_BIAS, bias.get(LayerStat.MEAN_ABS_GRAD));
    values.put(
        LayerStat.MAX_ABS_GRAD,
        Math.max(weight.get(LayerStat.MAX_ABS_GRAD), bias.get(LayerStat.MAX_ABS_GRAD)));
    values.put(
        LayerStat.GRAD_L2, Math.hypot(weight.get(LayerStat.GRAD_L2), bias.get(LayerStat.GRAD_L2)));
    return parameters;
  }

  /** Gradient, weight and update statistics of one parameter array; counts all-zero gradients. */
  private Map<LayerStat, Double> paramStats(String param, INDArray update) {
    long n = network.parameters().get(param).length();
    FastStats.Magnitudes grad =
        stepSums != null
            ? FastStats.magnitudes(stepSums.gradChunks(param), n)
            : FastStats.magnitudes(network.gradients().get(param));
    countZero(param, grad.maxAbs());
    double[] weightAndUpdate =
        stepSums != null
            ? FastStats.meanAbsPair(stepSums.weightUpdateChunks(param), n)
            : FastStats.meanAbsPair(network.parameters().get(param), updateSlice(update, param));
    Map<LayerStat, Double> stats = new EnumMap<>(LayerStat.class);
    stats.put(LayerStat.MEAN_ABS_GRAD, grad.meanAbs());
    stats.put(LayerStat.MAX_ABS_GRAD, grad.maxAbs());
    stats.put(LayerStat.GRAD_L2, grad.l2());
    stats.put(LayerStat.MEAN_ABS_WEIGHT, weightAndUpdate[0]);
    stats.put(LayerStat.UPDATE_RATIO, weightAndUpdate[1] / weightAndUpdate[0]);
    return stats;
  }

  /**
   * The view of {@code param} in {@code update}, made once per update buffer (ND4J's indexing costs
   * more than the classic net's whole measurement of a small array), outside the step's workspace
   * so that it outlives the step.
   */
  private INDArray updateSlice(INDArray update, String param) {
    if (update != slicedUpdate) {
      updateSlices.clear();
      slicedUpdate = update;
    }
    return updateSlices.computeIfAbsent(
        param,
        p -> {
          try (MemoryWorkspace outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return network.slice(update, p);
          }
        });
  }

  /**
   * Mean |dL/dz| at the layer's pre-activations, and its change from {@code signalAbove} split into
   * the weight and the activation factor at mean |dL/da|, the gradient the layer received.
   */
  private static void signal(
      LayerPass step, LayerPass next, double signalAbove, Map<LayerStat, Double> values) {
    if (!(step instanceof SignalPass s)) return;
    // max-pooling right above sends gradient only to its window winners: average over those
    // positions, or every pooling layer would look like a 4x loss of signal
    double routed =
        next instanceof RoutingPass pool && pool.routedShare() > 0 ? pool.routedShare() : 1;
    double signal = FastStats.meanAbs(s.gradPreActivation()) / routed;
    values.put(LayerStat.MEAN_ABS_SIGNAL, signal);
    if (Double.isNaN(signalAbove)) return;
    double received = FastStats.meanAbs(s.gradOutput()) / routed;
    values.put(LayerStat.WEIGHT_FACTOR, SignalRatios.ratio(received, signalAbove));
    values.put(LayerStat.ACTIVATION_FACTOR, SignalRatios.ratio(signal, received));
  }

  /**
   * Dead and frozen shares of the window (which it then resets), the mean derivative, and for a
   * saturating activation the saturated shares at every level of {@link Saturation#LEVELS}, which
   * it returns (else null).
   */
  private static double[] unitHealth(
      UnitWindow window, LayerPass step, Map<LayerStat, Double> values) {
    if (step instanceof SignalPass) values.put(LayerStat.FROZEN_FRACTION, window.frozenFraction());
    double[] saturation = null;
    if (step instanceof ActivatedPass a) {
      Activation f = a.activation();
      if (f.canDie()) values.put(LayerStat.DEAD_FRACTION, window.deadFraction());
      INDArray derivative = a.activationDerivative();
      values.put(LayerStat.MEAN_DERIVATIVE, FastStats.mean(derivative));
      if (f.canSaturate()) {
        double[] limits = new double[Saturation.LEVELS.length];
        for (int i = 0; i < limits.length; i++)
          limits[i] = Saturation.LEVELS[i] * f.peakDerivative();
        long[] below = FastStats.countBelow(derivative, limits);
        saturation = new double[limits.length];
        for (int i = 0; i < saturation.length; i++)
          saturation[i] = (double) below[i] / derivative.length();
        values.put(LayerStat.SATURATED_FRACTION, saturation[Saturation.REFERENCE]);
      }
    }
    window.reset();
    return saturation;
  }

  /** Max-pooling: the share of input positions routed to, and of tied windows. */
  private static void routing(LayerPass step, Map<LayerStat, Double> values) {
    if (!(step instanceof RoutingPass r)) return;
    values.put(LayerStat.ROUTED_SHARE, r.routedShare());
    if (r.windows() > 0) values.put(LayerStat.TIED_WINDOW_SHARE, (double) r.ties() / r.windows());
  }

  /** Maxout: the window's win counts, which it then resets; null for other layers. */
  private long[][] pieceWins(LayerInfo info) {
    long[][] counts = windowWins.get(info.name());
    if (counts == null) return null;
    long[][] wins = deepCopy(counts);
    for (long[] row : counts) Arrays.fill(row, 0);
    return wins;
  }

  private void countZero(String param, double maxAbs) {
    if (maxAbs == 0.0) zeroGradientSteps.merge(param, 1, Integer::sum);
  }

  private static long[][] deepCopy(long[][] a) {
    long[][] copy = new long[a.length][];
    for (int i = 0; i < a.length; i++) copy[i] = a[i].clone();
    return copy;
  }
}
