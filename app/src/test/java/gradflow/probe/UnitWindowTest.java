package gradflow.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Java fold of contiguous float32 arrays gives the dead and frozen shares that ND4J's ops give:
 * the same arrays in 'f' order take the ND4J path, so every fold is run both ways.
 */
class UnitWindowTest {
  private static INDArray fOrder(INDArray c) {
    return c.dup('f');
  }

  /** Values with exact zeros, negative zeros and negatives, so that the <= 0 counts matter. */
  private static INDArray batch(Random r, long... shape) {
    INDArray a = Nd4j.create(DataType.FLOAT, shape);
    for (long i = 0; i < a.length(); i++) {
      int kind = r.nextInt(4);
      float v = kind == 0 ? 0f : kind == 1 ? -0f : (float) r.nextGaussian() - 1.5f;
      a.putScalar(i, v);
    }
    return a;
  }

  private static void assertSameShares(long... shape) {
    int units = (int) shape[1];
    UnitWindow java = new UnitWindow(units);
    UnitWindow nd4j = new UnitWindow(units);
    Random r = new Random(7);
    for (int step = 0; step < 5; step++) {
      INDArray z = batch(r, shape);
      INDArray g = batch(r, shape);
      java.addPreActivation(z);
      java.addSignal(g);
      nd4j.addPreActivation(fOrder(z));
      nd4j.addSignal(fOrder(g));
      assertEquals(nd4j.deadFraction(), java.deadFraction(), "dead, step " + step);
      assertEquals(nd4j.frozenFraction(), java.frozenFraction(), "frozen, step " + step);
    }
    java.reset();
    nd4j.reset();
    INDArray z = batch(r, shape);
    java.addPreActivation(z);
    nd4j.addPreActivation(fOrder(z));
    assertEquals(nd4j.deadFraction(), java.deadFraction(), "after a reset");
  }

  @Test
  void denseBatchesGiveTheSharesOfTheNd4jOps() {
    assertSameShares(3, 40);
  }

  @Test
  void imageBatchesFoldOverExamplesAndPositions() {
    assertSameShares(2, 6, 3, 3);
  }

  @Test
  void aNaNLeavesTheFoldToNd4j() {
    Random r = new Random(3);
    INDArray z = batch(r, 4, 10);
    z.putScalar(5, Float.NaN);
    UnitWindow java = new UnitWindow(10);
    UnitWindow nd4j = new UnitWindow(10);
    java.addPreActivation(z);
    nd4j.addPreActivation(fOrder(z));
    INDArray next = batch(r, 4, 10);
    java.addPreActivation(next);
    nd4j.addPreActivation(fOrder(next));
    assertEquals(nd4j.deadFraction(), java.deadFraction());
  }
}
