package gradflow.probe;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Per-unit extremes over a window of steps (a unit is a feature, or a channel of an image layer):
 * the largest pre-activation (a ReLU unit is dead when it never exceeds 0) and the largest |dL/dz|
 * (a unit is frozen when no gradient reaches it). The accumulators live outside the step workspace;
 * each step folds in one column reduction.
 */
final class UnitWindow {
  private final INDArray maxZ;
  private final INDArray maxAbsSignal;

  UnitWindow(int units) {
    try (MemoryWorkspace outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      maxZ = Nd4j.create(DataType.DOUBLE, units);
      maxAbsSignal = Nd4j.create(DataType.DOUBLE, units);
    }
    reset();
  }

  void addPreActivation(INDArray z) {
    Transforms.max(maxZ, z.max(nonUnitAxes(z)).castTo(DataType.DOUBLE), false);
  }

  void addSignal(INDArray gradZ) {
    Transforms.max(maxAbsSignal, gradZ.amax(nonUnitAxes(gradZ)).castTo(DataType.DOUBLE), false);
  }

  /** Units are axis 1: features of [n, units], channels of [n, c, h, w]. */
  private static int[] nonUnitAxes(INDArray a) {
    if (a.rank() == 2) return new int[] {0};
    int[] axes = new int[a.rank() - 1];
    axes[0] = 0;
    for (int i = 2; i < a.rank(); i++) axes[i - 1] = i;
    return axes;
  }

  /** Share of units with max z <= 0 over the window. */
  double deadFraction() {
    return countAtMost(maxZ, 0.0) / maxZ.length();
  }

  /** Share of units whose |dL/dz| was 0 throughout the window. */
  double frozenFraction() {
    return countAtMost(maxAbsSignal, 0.0) / maxAbsSignal.length();
  }

  void reset() {
    maxZ.assign(Double.NEGATIVE_INFINITY);
    maxAbsSignal.assign(0.0);
  }

  private static double countAtMost(INDArray a, double limit) {
    double[] v = a.toDoubleVector();
    int count = 0;
    for (double x : v) if (x <= limit) count++;
    return count;
  }
}
