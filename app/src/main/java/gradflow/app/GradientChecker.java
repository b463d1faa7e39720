package gradflow.app;

import gradflow.data.Batch;
import gradflow.data.BatchSampler;
import gradflow.data.DataLoader;
import gradflow.data.DataSplit;
import gradflow.layers.ForwardContext;
import gradflow.layers.KinkPass;
import gradflow.layers.LayerPass;
import gradflow.layers.LayerTree;
import gradflow.model.Network;
import gradflow.model.NetworkBuilder;
import gradflow.spec.NetworkSpec;
import gradflow.train.Loss;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Compares every parameter's analytic gradient with central finite differences of the mean loss, in
 * float64, on a small seeded batch from the spec's data. An entry whose two perturbed passes
 * disagree on which side of a kink they are (ReLU-family sign of z, Maxout or max-pool winners) is
 * reported as a kink and not judged, since no gradient can match a difference taken across a kink.
 * Every pass is {@link ForwardContext#replay} of training pass 0: batch statistics for batchnorm,
 * whose running averages stay as they are, and the same dropout masks in every pass.
 */
public final class GradientChecker {
  /** Central-difference step, as PyTorch's and DL4J's checkers. */
  public static final double EPS = 1e-6;

  /** Differences below this (or the loss's rounding floor) pass whatever their relative error. */
  public static final double MIN_ABS_ERROR = 1e-8;

  /** Gradient magnitude from which relative errors are meaningful enough to report. */
  private static final double REPORT_MAGNITUDE = 1e-6;

  /** Every pass of a check, the analytic one and the perturbed ones alike. */
  private static final ForwardContext REPLAY = ForwardContext.replay(0);

  private GradientChecker() {}

  /** One parameter array's result. */
  public record ParamCheck(
      String name,
      long[] shape,
      int checked,
      int kinks,
      double maxRelativeError,
      double maxAbsoluteError,
      int wrongEntries,
      int missingEntries,
      String verdict) {}

  public record Result(List<ParamCheck> params, double tolerance, int batch, double noiseFloor) {
    public boolean passed() {
      return params.stream().allMatch(p -> p.verdict().equals("ok"));
    }
  }

  public static Result check(NetworkSpec spec, int batchSize, int samples, double tolerance) {
    DataSplit data = DataLoader.load(spec);
    Batch batch = new BatchSampler(data.train(), batchSize, spec.seed()).next();
    INDArray x = batch.x().castTo(DataType.DOUBLE);
    INDArray oneHot = batch.oneHot().castTo(DataType.DOUBLE);
    return check(
        NetworkBuilder.build(spec, DataType.DOUBLE),
        Loss.of(spec.loss()),
        x,
        oneHot,
        samples,
        tolerance,
        spec.seed());
  }

  /** The check on a given DOUBLE network and batch; public for tests with hand-built layers. */
  public static Result check(
      Network net,
      Loss loss,
      INDArray x,
      INDArray oneHot,
      int samples,
      double tolerance,
      long seed) {
    Network.ForwardPass pass = net.forward(x, REPLAY);
    Loss.Result base = loss.compute(pass.output(), oneHot);
    net.backwardParameters(pass, base.gradOutput());
    // rounding in the two loss values limits a central difference to about ulp(L) / EPS; allow
    // 100x that, so a large loss (huge activations) does not turn rounding into "wrong"
    double noiseFloor = Math.max(MIN_ABS_ERROR, 100 * Math.ulp(Math.abs(base.value())) / EPS);
    SplittableRandom rng = new SplittableRandom(seed);
    List<ParamCheck> results = new ArrayList<>();
    for (Map.Entry<String, INDArray> e : net.parameters().entrySet()) {
      INDArray p = e.getValue();
      INDArray analytic = net.gradients().get(e.getKey()).dup();
      results.add(
          checkParam(
              e.getKey(),
              p,
              analytic,
              net,
              loss,
              x,
              oneHot,
              entries(p.length(), samples, rng),
              tolerance,
              noiseFloor));
    }
    return new Result(results, tolerance, (int) x.rows(), noiseFloor);
  }

  private static ParamCheck checkParam(
      String name,
      INDArray p,
      INDArray analytic,
      Network net,
      Loss loss,
      INDArray x,
      INDArray oneHot,
      long[] entries,
      double tolerance,
      double noiseFloor) {
    INDArray flatP = p.reshape(p.length());
    INDArray flatA = analytic.reshape(analytic.length());
    int kinks = 0;
    int wrong = 0;
    int missing = 0;
    int nonzero = 0;
    double maxRel = 0;
    double maxAbs = 0;
    for (long i : entries) {
      double orig = flatP.getDouble(i);
      flatP.putScalar(i, orig + EPS);
      Probe plus = probe(net, loss, x, oneHot);
      flatP.putScalar(i, orig - EPS);
      Probe minus = probe(net, loss, x, oneHot);
      flatP.putScalar(i, orig);
      if (plus.kinkSignature() != minus.kinkSignature()) {
        kinks++;
        continue;
      }
      double numeric = (plus.loss() - minus.loss()) / (2 * EPS);
      double a = flatA.getDouble(i);
      if (numeric != 0 || a != 0) nonzero++;
      double diff = Math.abs(a - numeric);
      double rel = diff == 0 ? 0 : diff / (Math.abs(a) + Math.abs(numeric));
      maxAbs = Math.max(maxAbs, diff);
      // report relative errors only where float64 noise (~1e-10 here) cannot dominate them
      if (Math.abs(a) + Math.abs(numeric) >= REPORT_MAGNITUDE) maxRel = Math.max(maxRel, rel);
      if (diff < noiseFloor) continue;
      if (rel > tolerance) {
        if (a == 0) missing++;
        else wrong++;
      }
    }
    int checked = entries.length - kinks;
    String verdict;
    if (missing > 0 && wrong == 0) verdict = "missing";
    else if (wrong > 0 || missing > 0) verdict = "wrong";
    else if (checked > 0 && nonzero == 0 && analytic.amaxNumber().doubleValue() == 0)
      verdict = "zero";
    else verdict = "ok";
    return new ParamCheck(name, p.shape(), checked, kinks, maxRel, maxAbs, wrong, missing, verdict);
  }

  private record Probe(double loss, long kinkSignature) {}

  private static Probe probe(Network net, Loss loss, INDArray x, INDArray oneHot) {
    Network.ForwardPass pass = net.forward(x, REPLAY);
    long signature = 17;
    for (LayerPass layerPass : LayerTree.flattenPasses(pass.layerPasses()))
      if (layerPass instanceof KinkPass k) signature = signature * 31 + k.kinkPattern();
    return new Probe(loss.compute(pass.output(), oneHot).value(), signature);
  }

  /** All entries when there are at most {@code samples}, else a seeded sample without repeats. */
  private static long[] entries(long length, int samples, SplittableRandom rng) {
    if (samples <= 0 || length <= samples) {
      long[] all = new long[(int) length];
      for (int i = 0; i < all.length; i++) all[i] = i;
      return all;
    }
    return rng.longs(0, length).distinct().limit(samples).sorted().toArray();
  }
}
