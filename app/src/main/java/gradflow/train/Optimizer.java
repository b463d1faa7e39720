package gradflow.train;

import gradflow.spec.OptimizerSpec;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.clip.ClipByValue;
import org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater;
import org.nd4j.linalg.api.ops.impl.updaters.NesterovsUpdater;
import org.nd4j.linalg.api.ops.impl.updaters.SgdUpdater;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns the flat gradient into the flat update to subtract from the parameters, using ND4J's fused
 * updater ops (one op for the whole network), Adam on float32 through {@link FlatAdam}. Clipping
 * happens first: by value clamps each entry to [-clip_value, clip_value]; by norm rescales the
 * whole gradient to global L2 norm clip_norm when it is larger. {@code momentum} is Nesterov
 * momentum (ND4J's Nesterovs).
 */
public final class Optimizer {
  private final OptimizerSpec spec;
  private final INDArray params;
  private final INDArray update;
  private final INDArray stateM;
  private final INDArray stateV;
  private double gradientSquareSum = Double.NaN;

  public Optimizer(OptimizerSpec spec, INDArray flatParams) {
    this.spec = spec;
    this.params = flatParams;
    this.update = flatParams.ulike();
    this.stateM =
        spec.kind() == OptimizerSpec.Kind.SGD
            ? null
            : Nd4j.zeros(flatParams.dataType(), flatParams.shape());
    this.stateV =
        spec.kind() == OptimizerSpec.Kind.ADAM
            ? Nd4j.zeros(flatParams.dataType(), flatParams.shape())
            : null;
  }

  /**
   * Computes this step's update from {@code flatGrads} (left unchanged) into a reused buffer and
   * returns it. {@code iteration} is 0-based.
   */
  public INDArray computeUpdate(INDArray flatGrads, int iteration) {
    return computeUpdate(flatGrads, iteration, null);
  }

  /**
   * As {@link #computeUpdate(INDArray, int)}; where the pass over the flat buffers is this class's
   * own (unclipped Adam on a large float32 net) it also fills {@code sums} (may be null) with the
   * gradient's, weights' and update's chunk sums, else leaves it unfilled.
   */
  public INDArray computeUpdate(INDArray flatGrads, int iteration, ParameterSums sums) {
    if (sums != null) sums.markFilled(false);
    gradientSquareSum = Double.NaN;
    if (spec.kind() == OptimizerSpec.Kind.ADAM && spec.clipValue() <= 0 && spec.clipNorm() <= 0) {
      // unclipped Adam reads the gradient and writes the update buffer directly: no 1:1 copy
      adam(flatGrads, iteration, sums);
      return update;
    }
    update.assign(flatGrads);
    if (spec.clipValue() > 0) {
      update.assign(Nd4j.exec(new ClipByValue(update, -spec.clipValue(), spec.clipValue()))[0]);
    }
    if (spec.clipNorm() > 0) {
      double norm = GradientNorms.l2(update);
      if (norm > spec.clipNorm()) update.muli(spec.clipNorm() / norm);
    }
    switch (spec.kind()) {
      case SGD -> Nd4j.exec(new SgdUpdater(update, spec.lr()));
      case MOMENTUM -> Nd4j.exec(new NesterovsUpdater(update, stateM, spec.lr(), spec.momentum()));
      case ADAM -> adam(update, iteration, null); // the clipped gradient: no sums
    }
    return update;
  }

  /**
   * The sum of squares of the last step's gradient where the optimizer's own pass read it anyway
   * (unclipped Adam on a large float32 net), in double, so finite exactly when every entry is; NaN
   * where it did not measure it.
   */
  public double gradientSquareSum() {
    return gradientSquareSum;
  }

  /**
   * Adam from {@code grads} (the gradient, or the clipped copy in the update buffer) into the
   * update buffer: on both cores for large float32 buffers ({@link FlatAdam}, the same bits), else
   * ND4J's op, which is faster on small nets (FlatAdam's fixed cost is ~0.15 ms a step).
   */
  private void adam(INDArray grads, int iteration, ParameterSums sums) {
    if (grads.length() >= TwoThreads.MIN_PARALLEL
        && FlatAdam.fits(grads, stateM, stateV, update, params)) {
      FlatAdam.Coefficients k =
          FlatAdam.Coefficients.of(
              (float) spec.lr(),
              (float) spec.beta1(),
              (float) spec.beta2(),
              (float) spec.epsilon(),
              iteration);
      double squares = FlatAdam.step(grads, stateM, stateV, update, k, params, sums);
      if (grads != update) gradientSquareSum = squares; // else it is the clipped copy's
      return;
    }
    Nd4j.exec(
        new AdamUpdater(
            grads,
            stateV,
            stateM,
            update,
            stateV,
            stateM,
            spec.lr(),
            spec.beta1(),
            spec.beta2(),
            spec.epsilon(),
            iteration));
  }
}
