package gradflow.train;

import gradflow.data.Batch;
import gradflow.data.BatchSampler;
import gradflow.data.DataSplit;
import gradflow.data.Dataset;
import gradflow.layers.ForwardContext;
import gradflow.model.Network;
import gradflow.spec.NetworkSpec;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Mini-batch training. Each step runs inside one ND4J workspace, so the many temporaries of a
 * forward and backward pass reuse the same memory instead of fresh off-heap pages; parameters,
 * gradients and optimizer state live outside it.
 */
public final class Trainer {
  private static final WorkspaceConfiguration STEP_WORKSPACE =
      WorkspaceConfiguration.builder()
          .initialSize(0)
          .policyAllocation(AllocationPolicy.OVERALLOCATE)
          .policyLearning(LearningPolicy.FIRST_LOOP)
          .build();
  private static final int EVAL_CHUNK = 1000;

  private final NetworkSpec spec;
  private final Network network;
  private final Loss loss;
  private final Optimizer optimizer;
  private final List<TrainingObserver> observers;
  private final BooleanSupplier stop;
  private final ParameterSums sums;

  public Trainer(NetworkSpec spec, Network network, List<TrainingObserver> observers) {
    this(spec, network, observers, () -> false);
  }

  /**
   * {@code stop} is read before each step (a volatile read is cheap next to a step): once it is
   * true, that step is the last, and logged; the test set is not evaluated, and the summary says
   * the run was interrupted. It never changes a step's numbers, so runs stay deterministic.
   */
  public Trainer(
      NetworkSpec spec, Network network, List<TrainingObserver> observers, BooleanSupplier stop) {
    BlasThreads.configure();
    this.stop = stop;
    this.spec = spec;
    this.network = network;
    this.loss = Loss.of(spec.loss());
    this.optimizer = new Optimizer(spec.optimizer(), network.flatParameters());
    this.observers = List.copyOf(observers);
    // only observers read them, so a run without any skips the weights' extra read
    this.sums =
        observers.isEmpty()
            ? null
            : ParameterSums.tiling(network.parameters(), network.flatParameters());
  }

  public TrainingSummary train(DataSplit data) {
    BatchSampler sampler = new BatchSampler(data.train(), spec.train().batch(), spec.seed());
    int steps = spec.train().steps();
    int logEvery = spec.train().logEvery();
    long start = System.nanoTime();
    double firstStepSeconds = Double.NaN;
    NonFiniteEvent nonFinite = null;
    int stepsRun = 0;
    boolean interrupted = false;
    for (int step = 0; step < steps && nonFinite == null && !interrupted; step++) {
      // read once per step, before it: a stopped run ends on a logged step, like a finished one
      interrupted = step < steps - 1 && stop.getAsBoolean();
      Batch batch = sampler.next();
      try (MemoryWorkspace ws =
          Nd4j.getWorkspaceManager().getAndActivateWorkspace(STEP_WORKSPACE, "gradflow-step")) {
        boolean logged = step % logEvery == 0 || step == steps - 1 || interrupted;
        nonFinite = runStep(step, logged, batch);
      }
      stepsRun = step + 1;
      if (step == 0) firstStepSeconds = secondsSinceProcessStart();
    }
    if (nonFinite != null) interrupted = false; // it would have stopped there anyway
    double trainSeconds = (System.nanoTime() - start) / 1e9;
    double[] test =
        nonFinite == null && !interrupted && data.hasTest()
            ? evaluate(data.test())
            : new double[] {Double.NaN, Double.NaN};
    TrainingSummary summary =
        new TrainingSummary(
            stepsRun, nonFinite, test[0], test[1], firstStepSeconds, trainSeconds, interrupted);
    for (TrainingObserver o : observers) o.onEnd(summary);
    return summary;
  }

  private NonFiniteEvent runStep(int step, boolean logged, Batch batch) {
    Network.ForwardPass pass = network.forward(batch.x(), ForwardContext.training(step));
    Loss.Result result = loss.compute(pass.output(), batch.oneHot());
    network.backwardParameters(pass, result.gradOutput());
    // the update comes first (it leaves the gradient unchanged, and is not applied to a step
    // that is not finite), so that its pass over the gradient also proves the gradient finite
    // and gives the global norm. A step measured only because it is not finite finds the sums
    // unfilled, and the probe measures it with its own passes
    INDArray update = optimizer.computeUpdate(network.flatGradients(), step, logged ? sums : null);
    double gradientSquareSum = optimizer.gradientSquareSum();
    NonFiniteEvent nonFinite =
        NonFiniteLocator.locate(step, result.value(), network, pass, gradientSquareSum);
    boolean measured = logged || nonFinite != null;
    StepView view =
        new StepView(
            step,
            measured,
            result.value(),
            Metrics.accuracy(pass.output(), batch.labels()),
            network,
            pass,
            update,
            batch,
            measured ? sums : null,
            Math.sqrt(gradientSquareSum));
    for (TrainingObserver o : observers) o.onStep(view);
    if (nonFinite == null) network.flatParameters().subi(update);
    return nonFinite;
  }

  /**
   * {accuracy, mean loss} over a dataset, in chunks, outside any training step, in inference mode
   * (BatchNorm uses its running averages, Dropout is the identity).
   */
  public double[] evaluate(Dataset data) {
    double correct = 0;
    double lossSum = 0;
    for (int from = 0; from < data.size(); from += EVAL_CHUNK) {
      int to = Math.min(data.size(), from + EVAL_CHUNK);
      Batch batch = BatchSampler.slice(data, from, to);
      try (MemoryWorkspace ws =
          Nd4j.getWorkspaceManager().getAndActivateWorkspace(STEP_WORKSPACE, "gradflow-eval")) {
        INDArray out = network.forward(batch.x(), ForwardContext.INFERENCE).output();
        correct += Metrics.accuracy(out, batch.labels()) * (to - from);
        lossSum += loss.compute(out, batch.oneHot()).value() * (to - from);
      }
    }
    return new double[] {correct / data.size(), lossSum / data.size()};
  }

  private static double secondsSinceProcessStart() {
    long startMillis = ManagementFactory.getRuntimeMXBean().getStartTime();
    return (System.currentTimeMillis() - startMillis) / 1000.0;
  }
}
