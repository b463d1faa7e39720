package gradflow.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GradientNormsTest {
  @Test
  void l2OfSmallValues() {
    assertEquals(5.0, GradientNorms.l2(Nd4j.createFromArray(3f, 4f)), 1e-6, "l2 of [3, 4]");
    assertEquals(0.0, GradientNorms.l2(Nd4j.zeros(DataType.FLOAT, 1, 5)), 0.0, "l2 of zeros");
  }

  @Test
  void l2OfHugeFloatValuesIsFinite() {
    // squares of 1e25 overflow float32 (max ~3.4e38)
    INDArray a = Nd4j.valueArrayOf(new long[] {1, 4}, 1e25f);
    assertEquals(DataType.FLOAT, a.dataType());
    double norm = GradientNorms.l2(a);
    assertEquals(2e25, norm, 2e25 * 1e-6, "l2 of four 1e25 entries");
    INDArray mixed = Nd4j.createFromArray(1e25f, -1e25f, 3f);
    assertEquals(Math.sqrt(2) * 1e25, GradientNorms.l2(mixed), 1e19, "l2 of [1e25, -1e25, 3]");
    assertEquals(1e25f, a.getFloat(0), 0f, "l2 leaves its argument alone");
  }

  @Test
  void l2OfInfiniteValuesIsInfinite() {
    INDArray a = Nd4j.createFromArray(Float.POSITIVE_INFINITY, 1f);
    assertEquals(Double.POSITIVE_INFINITY, GradientNorms.l2(a), "l2 with an infinite entry");
  }
}
