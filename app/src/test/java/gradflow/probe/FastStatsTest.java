package gradflow.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The fused reductions agree with ND4J's one-op-each reductions, on views and with NaN. */
class FastStatsTest {
  private static INDArray flat() {
    Nd4j.getRandom().setSeed(7);
    return Nd4j.randn(DataType.FLOAT, 1, 700_001).muli(3);
  }

  @Test
  void magnitudesOfAViewMatchNd4j() {
    INDArray flat = flat();
    INDArray view =
        flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(1, 600_001)).reshape('c', 600, 1000);
    assertTrue(FastStats.fusable(view), "a contiguous view at an offset takes the fused path");
    assertEquals(view.getFloat(0), flat.getFloat(1), 0);
    FastStats.Magnitudes m = FastStats.magnitudes(view);
    // against double-precision sums: ND4J's float32 norm2 is itself off by 1e-4 at this length
    INDArray exact = view.castTo(DataType.DOUBLE);
    assertEquals(exact.ameanNumber().doubleValue(), m.meanAbs(), 1e-9 * m.meanAbs());
    assertEquals(view.amaxNumber().doubleValue(), m.maxAbs(), 0);
    assertEquals(exact.norm2Number().doubleValue(), m.l2(), 1e-9 * m.l2());
  }

  /**
   * The activation and signal means: double sums, so they match a float64 computation to 1e-12, and
   * ND4J's float32 reductions to their own rounding (1e-5 relative, the golden reports' tolerance);
   * an array that is not contiguous takes ND4J's op itself.
   */
  @Test
  void meansOfBatchesMatchFloat64AndNd4j() {
    INDArray flat = flat();
    for (int length : new int[] {7, 1000, 131_072, 700_001}) {
      INDArray a = flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(0, length));
      INDArray exact = a.castTo(DataType.DOUBLE);
      double meanAbs = FastStats.meanAbs(a);
      double mean = FastStats.mean(a);
      assertEquals(exact.ameanNumber().doubleValue(), meanAbs, 1e-12 * meanAbs, "|a|, " + length);
      assertEquals(exact.meanNumber().doubleValue(), mean, 1e-12 * meanAbs, "a, " + length);
      // ND4J's float sums drift with length (2e-5 off float64 at 700k): bound them where batches
      // are
      if (length <= 131_072)
        assertEquals(a.ameanNumber().doubleValue(), meanAbs, 1e-5 * meanAbs, "nd4j, " + length);
    }
    INDArray columns =
        flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(0, 600)).reshape(20, 30);
    INDArray strided = columns.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 10));
    assertEquals(strided.ameanNumber().doubleValue(), FastStats.meanAbs(strided), 0);
    assertEquals(strided.meanNumber().doubleValue(), FastStats.mean(strided), 0);
    INDArray withNaN = Nd4j.create(new float[] {1, Float.NaN, 2});
    assertTrue(Double.isNaN(FastStats.meanAbs(withNaN)) && Double.isNaN(FastStats.mean(withNaN)));
  }

  @Test
  void pairMatchesNd4jOnSmallAndLargeArrays() {
    INDArray flat = flat();
    for (int length : new int[] {10, 300_000}) {
      INDArray a = flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(0, length));
      INDArray b = flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(length, 2 * length));
      assertTrue(FastStats.fusable(b), "view at offset " + length);
      double[] pair = FastStats.meanAbsPair(a, b);
      double meanA = a.castTo(DataType.DOUBLE).ameanNumber().doubleValue();
      double meanB = b.castTo(DataType.DOUBLE).ameanNumber().doubleValue();
      assertEquals(meanA, pair[0], 1e-9 * pair[0]);
      assertEquals(meanB, pair[1], 1e-9 * pair[1]);
    }
  }

  @Test
  void hugeFiniteValuesGiveAFiniteNormAndNanPropagates() {
    INDArray big = Nd4j.valueArrayOf(new long[] {4}, 1e25f);
    assertEquals(2e25, FastStats.magnitudes(big).l2(), 1e19);
    INDArray withNan = Nd4j.createFromArray(new float[] {1, Float.NaN, 2});
    assertTrue(Double.isNaN(FastStats.magnitudes(withNan).maxAbs()));
    assertTrue(Double.isNaN(FastStats.magnitudes(withNan).meanAbs()));
  }

  @Test
  void doublesAndStridedViewsFallBackToNd4j() {
    INDArray d = Nd4j.createFromArray(new double[][] {{1, -2}, {3, -4}});
    assertEquals(2.5, FastStats.magnitudes(d).meanAbs(), 1e-12);
    INDArray column = d.getColumn(1);
    assertTrue(!FastStats.fusable(d) && !FastStats.fusable(column));
    assertEquals(3.0, FastStats.magnitudes(column).meanAbs(), 1e-12);
    assertEquals(4.0, FastStats.magnitudes(column).maxAbs(), 0);
  }

  /** MatchCondition(lessThan) per limit, as the probe counted before. */
  private static long opCount(INDArray a, double limit) {
    return Nd4j.getExecutioner()
        .exec(
            new org.nd4j.linalg.api.ops.impl.reduce.longer.MatchCondition(
                a, org.nd4j.linalg.indexing.conditions.Conditions.lessThan(limit)))
        .getInt(0);
  }

  @Test
  void countBelowMatchesTheOpIncludingValuesAtTheLimits() {
    double[] limits = new double[Saturation.LEVELS.length];
    for (int i = 0; i < limits.length; i++) limits[i] = Saturation.LEVELS[i] * 0.25;
    // entries at each limit rounded to float and one float step either side, a NaN, and noise
    float[] v = new float[3 * limits.length + 1 + 200_000];
    int at = 0;
    for (double limit : limits) {
      float f = (float) limit;
      v[at++] = f;
      v[at++] = Math.nextUp(f);
      v[at++] = Math.nextDown(f);
    }
    v[at++] = Float.NaN;
    java.util.Random random = new java.util.Random(3);
    while (at < v.length) v[at++] = (float) Math.pow(10, -6 * random.nextDouble()) * 0.25f;
    INDArray flat = Nd4j.createFromArray(v);
    INDArray view = flat.get(NDArrayIndex.interval(5, v.length)).reshape('c', 1, v.length - 5);
    for (INDArray a : new INDArray[] {flat, view, flat.castTo(DataType.DOUBLE)}) {
      long[] counts = FastStats.countBelow(a, limits);
      for (int k = 0; k < limits.length; k++)
        assertEquals(opCount(a, limits[k]), counts[k], a.dataType() + " below " + limits[k]);
    }
  }
}
