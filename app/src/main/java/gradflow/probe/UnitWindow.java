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
  private final int units;
  private INDArray maxZ;
  private INDArray maxAbsSignal;

  UnitWindow(int units) {
    this.units = units;
  }

  /**
   * The accumulators take the data type of the first array folded in, so that each step costs one
   * reduction and one element-wise max, with no cast (a maximum is exact in any precision).
   */
  private void allocate(DataType type) {
    if (maxZ != null) return;
    try (MemoryWorkspace outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      maxZ = Nd4j.create(type, units);
      maxAbsSignal = Nd4j.create(type, units);
    }
    reset();
  }

  void addPreActivation(INDArray z) {
    allocate(z.dataType());
    Transforms.max(maxZ, z.max(nonUnitAxes(z)).castTo(maxZ.dataType()), false);
  }

  void addSignal(INDArray gradZ) {
    allocate(gradZ.dataType());
    Transforms.max(
        maxAbsSignal, gradZ.amax(nonUnitAxes(gradZ)).castTo(maxAbsSignal.dataType()), false);
  }

  /** Units are axis 1: features of [n, units], channels of [n, c, h, w]. */
  private static int[] nonUnitAxes(INDArray a) {
    if (a.rank() == 2) return new int[] {0};
    int[] axes = new int[a.rank() - 1];
    axes[0] = 0;
    for (int i = 2; i < a.rank(); i++) axes[i - 1] = i;
    return axes;
  }

  /** Share of units with max z <= 0 over the window; NaN when nothing was folded in. */
  double deadFraction() {
    return maxZ == null ? Double.NaN : countAtMost(maxZ, 0.0) / units;
  }

  /** Share of units whose |dL/dz| was 0 throughout the window; NaN when nothing was folded in. */
  double frozenFraction() {
    return maxAbsSignal == null ? Double.NaN : countAtMost(maxAbsSignal, 0.0) / units;
  }

  void reset() {
    if (maxZ == null) return;
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
