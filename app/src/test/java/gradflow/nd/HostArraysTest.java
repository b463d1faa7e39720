package gradflow.nd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The bulk copies give exactly what ND4J's own element-wise create and read give. */
class HostArraysTest {
  @Test
  void floatArraysRoundTripAsNd4jCreatesThem() {
    float[] values = {1.5f, -0f, Float.NaN, Float.MAX_VALUE, 3e-39f, -7f};
    INDArray a = HostArrays.of(values, 2, 3);
    assertArrayEquals(
        Nd4j.create(values, new long[] {2, 3}, 'c').data().asFloat(), a.data().asFloat());
    assertArrayEquals(new long[] {2, 3}, a.shape());
    assertArrayEquals(values, HostArrays.floats(a));
    assertArrayEquals(
        Nd4j.create(values, new long[] {2, 3}, 'c').data().asDouble(), HostArrays.doubles(a));
  }

  @Test
  void doubleArraysRoundTripAndNarrowToFloatAsNd4jDoes() {
    double[] values = {0.1, -2.5, 1e300, Double.NaN};
    assertArrayEquals(
        values, HostArrays.doubles(HostArrays.of(values, new long[] {4}, DataType.DOUBLE)));
    INDArray narrowed = HostArrays.of(values, new long[] {2, 2}, DataType.FLOAT);
    assertEquals(DataType.FLOAT, narrowed.dataType());
    assertArrayEquals(
        Nd4j.create(values, new long[] {2, 2}, DataType.FLOAT).data().asFloat(),
        narrowed.data().asFloat());
  }

  @Test
  void viewsAndOtherOrdersAreReadInRowMajorOrder() {
    INDArray full = Nd4j.arange(12).castTo(DataType.FLOAT).reshape('c', 3, 4);
    INDArray view = full.get(NDArrayIndex.interval(1, 3), NDArrayIndex.interval(1, 3));
    assertArrayEquals(new float[] {5, 6, 9, 10}, HostArrays.floats(view));
    assertArrayEquals(HostArrays.floats(full), HostArrays.floats(full.dup('f')));
  }

  @Test
  void aWrongCountIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> HostArrays.of(new float[5], 2, 3));
  }
}
