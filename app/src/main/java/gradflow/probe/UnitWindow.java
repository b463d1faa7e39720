package gradflow.probe;

import java.nio.FloatBuffer;
import java.util.Arrays;
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
  private float[] example; // scratch for one example's values

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
    if (foldInJava(z, maxZ, false)) return;
    Transforms.max(maxZ, z.max(nonUnitAxes(z)).castTo(maxZ.dataType()), false);
  }

  void addSignal(INDArray gradZ) {
    allocate(gradZ.dataType());
    if (foldInJava(gradZ, maxAbsSignal, true)) return;
    Transforms.max(
        maxAbsSignal, gradZ.amax(nonUnitAxes(gradZ)).castTo(maxAbsSignal.dataType()), false);
  }

  /**
   * The same fold as the two ND4J ops (a column maximum, then the element-wise maximum with the
   * accumulator) in one Java pass over a contiguous c-order float32 array: every step runs it for
   * every layer, and two ops cost 40-120 us, more than the pass itself over a small layer's batch.
   * The dense case is an element-wise {@code Math.max} of each example's row into the column
   * maxima, which the JIT vectorizes (a loop that tested each entry for NaN did not vectorize and
   * took 13% of the wide net's step). Math.max lets a NaN through, so a NaN met anywhere shows in
   * the column maxima at the end. A maximum is exact in any order; only the sign of a zero maximum
   * may differ from ND4J's, which no count reads (dead and frozen count values at most 0). Returns
   * false, having changed nothing, for any other array and whenever a NaN is met in it or in the
   * accumulator, so that ND4J's own NaN rules apply there.
   */
  private boolean foldInJava(INDArray a, INDArray acc, boolean abs) {
    if (a.dataType() != DataType.FLOAT
        || acc.dataType() != DataType.FLOAT
        || a.ordering() != 'c'
        || a.elementWiseStride() != 1
        || (a.rank() != 2 && a.rank() != 4)
        || a.size(1) != units
        || a.length() > Integer.MAX_VALUE
        || a.offset() + a.length() > a.data().asNioFloat().capacity()) return false;
    int inner = (int) (a.length() / a.size(0) / units); // h * w of an image layer, else 1
    float[] column = new float[units];
    Arrays.fill(column, abs ? 0f : Float.NEGATIVE_INFINITY);
    FloatBuffer data = a.data().asNioFloat();
    int perExample = units * inner;
    if (example == null || example.length < perExample) example = new float[perExample];
    float[] row = example; // one example at a time: a bulk copy, then plain array loops
    for (long e = 0; e < a.size(0); e++) {
      data.get((int) (a.offset() + e * perExample), row, 0, perExample);
      if (inner == 1) {
        if (abs) for (int u = 0; u < units; u++) column[u] = Math.max(column[u], Math.abs(row[u]));
        else for (int u = 0; u < units; u++) column[u] = Math.max(column[u], row[u]);
        continue;
      }
      for (int u = 0, i = 0; u < units; u++) {
        float max = column[u];
        for (int k = 0; k < inner; k++, i++) max = Math.max(max, abs ? Math.abs(row[i]) : row[i]);
        column[u] = max;
      }
    }
    FloatBuffer into = acc.data().asNioFloat();
    int at = (int) acc.offset();
    for (int u = 0; u < units; u++)
      if (column[u] != column[u] || into.get(at + u) != into.get(at + u)) return false;
    for (int u = 0; u < units; u++) if (column[u] > into.get(at + u)) into.put(at + u, column[u]);
    return true;
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
