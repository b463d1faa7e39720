package gradflow.nd;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bulk copies between Java arrays and ND4J arrays. ND4J 1.0.0-M2.1's {@code Nd4j.create(float[],
 * ...)} writes its buffer one element at a time through an indexer, and {@code asFloat()} reads it
 * the same way: on the conv benchmark net those loops took more time than the convolutions (JFR).
 * These go through the buffer's NIO view, one bulk copy each, with the same values.
 */
public final class HostArrays {
  private HostArrays() {}

  /** The entries of {@code a} in row-major order as floats (exact for a float32 array). */
  public static float[] floats(INDArray a) {
    INDArray c = contiguous(a);
    if (c.dataType() != DataType.FLOAT) return c.data().asFloat();
    float[] values = new float[Math.toIntExact(c.length())];
    c.data().asNioFloat().get(0, values);
    return values;
  }

  /** The entries of {@code a} in row-major order as doubles (exact for float and double arrays). */
  public static double[] doubles(INDArray a) {
    INDArray c = contiguous(a);
    if (c.dataType() == DataType.DOUBLE) {
      double[] values = new double[Math.toIntExact(c.length())];
      c.data().asNioDouble().get(0, values);
      return values;
    }
    if (c.dataType() != DataType.FLOAT) return c.data().asDouble();
    float[] floats = floats(c);
    double[] values = new double[floats.length];
    for (int i = 0; i < floats.length; i++) values[i] = floats[i];
    return values;
  }

  /** A fresh float32 array of {@code shape} (c order) holding {@code values}. */
  public static INDArray of(float[] values, long... shape) {
    INDArray a = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
    if (a.length() != values.length)
      throw new IllegalArgumentException(values.length + " values for " + a.length() + " entries");
    a.data().asNioFloat().put(0, values);
    return a;
  }

  /**
   * A fresh array of {@code type} and {@code shape} (c order) holding {@code values}, rounded to
   * float for a float32 array.
   */
  public static INDArray of(double[] values, long[] shape, DataType type) {
    if (type == DataType.FLOAT) {
      float[] floats = new float[values.length];
      for (int i = 0; i < values.length; i++) floats[i] = (float) values[i];
      return of(floats, shape);
    }
    if (type != DataType.DOUBLE) return Nd4j.create(values, shape, type);
    INDArray a = Nd4j.createUninitialized(DataType.DOUBLE, shape, 'c');
    if (a.length() != values.length)
      throw new IllegalArgumentException(values.length + " values for " + a.length() + " entries");
    a.data().asNioDouble().put(0, values);
    return a;
  }

  /** {@code a} itself when its buffer is exactly its entries in row-major order, else a copy. */
  public static INDArray contiguous(INDArray a) {
    boolean plain =
        a.ordering() == 'c'
            && Shape.hasDefaultStridesForShape(a)
            && a.offset() == 0
            && a.data().length() == a.length();
    return plain ? a : a.dup('c');
  }
}
