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
 * updater ops (one op for the whole network). Clipping happens first: by value clamps each entry to
 * [-clip_value, clip_value]; by norm rescales the whole gradient to global L2 norm clip_norm when
 * it is larger. {@code momentum} is Nesterov momentum (ND4J's Nesterovs).
 */
public final class Optimizer {
  private final OptimizerSpec spec;
  private final INDArray update;
  private final INDArray stateM;
  private final INDArray stateV;

  public Optimizer(OptimizerSpec spec, INDArray flatParams) {
    this.spec = spec;
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
    if (spec.kind() == OptimizerSpec.Kind.ADAM && spec.clipValue() <= 0 && spec.clipNorm() <= 0) {
      // unclipped Adam reads the gradient and writes the update buffer directly: no 1:1 copy
      Nd4j.exec(
          new AdamUpdater(
              flatGrads,
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
      case ADAM ->
          Nd4j.exec(
              new AdamUpdater(
                  update,
                  stateV,
                  stateM,
                  spec.lr(),
                  spec.beta1(),
                  spec.beta2(),
                  spec.epsilon(),
                  iteration));
    }
    return update;
  }
}
