package gradflow.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Finite-difference gradient checks in double precision: central differences with ε = 1e-6,
 * relative error |a − n| / (|a| + |n|) ≤ 1e-5, entries with |a − n| < 1e-8 skipped (STYLE.md,
 * "Tests"). For a layer the loss is L = sum(output * R) with a fixed seeded R, so dL/doutput = R.
 */
public final class GradientCheck {
  public static final double EPS = 1e-6;
  public static final double MAX_RELATIVE_ERROR = 1e-5;
  public static final double ABSOLUTE_SKIP = 1e-8;

  private GradientCheck() {}

  /** A DOUBLE array of the given shape with entries uniform in [low, high), from {@code rng}. */
  public static INDArray uniform(SplittableRandom rng, double low, double high, long... shape) {
    long length = 1;
    for (long d : shape) length *= d;
    double[] values = new double[Math.toIntExact(length)];
    for (int i = 0; i < values.length; i++) values[i] = low + (high - low) * rng.nextDouble();
    return Nd4j.createFromArray(values).reshape('c', shape);
  }

  /** Fails unless the analytic and numeric derivative agree within the tolerance. */
  public static void expectClose(
      String layer, String param, long index, double analytic, double numeric) {
    if (!Double.isFinite(analytic) || !Double.isFinite(numeric))
      fail(
          layer
              + "."
              + param
              + "["
              + index
              + "]: non-finite, analytic "
              + analytic
              + ", numeric "
              + numeric);
    double diff = Math.abs(analytic - numeric);
    if (diff < ABSOLUTE_SKIP) return;
    double relative = diff / (Math.abs(analytic) + Math.abs(numeric));
    assertTrue(
        relative <= MAX_RELATIVE_ERROR,
        () ->
            layer
                + "."
                + param
                + "["
                + index
                + "]: analytic "
                + analytic
                + ", numeric "
                + numeric
                + ", relative error "
                + relative);
  }

  /**
   * Perturbs each entry of {@code p} (a DOUBLE parameter or input, modified in place and restored)
   * and compares the central difference of {@code loss} with {@code analytic}.
   */
  public static void checkArray(
      String layer, String param, INDArray p, INDArray analytic, DoubleSupplier loss) {
    assertEquals(DataType.DOUBLE, p.dataType(), layer + "." + param + ": checks run in double");
    compare(layer, param, analytic, numericGradient(p, loss));
  }

  /** Central differences of {@code loss} for each entry of {@code p}, shaped like {@code p}. */
  public static INDArray numericGradient(INDArray p, DoubleSupplier loss) {
    INDArray numeric = Nd4j.zeros(DataType.DOUBLE, p.shape());
    for (long i = 0; i < p.length(); i++) {
      double orig = p.getDouble(i);
      p.putScalar(i, orig + EPS);
      double plus = loss.getAsDouble();
      p.putScalar(i, orig - EPS);
      double minus = loss.getAsDouble();
      p.putScalar(i, orig);
      numeric.putScalar(i, (plus - minus) / (2 * EPS));
    }
    return numeric;
  }

  /** Compares an analytic gradient with a numeric one entry by entry. */
  public static void compare(String layer, String param, INDArray analytic, INDArray numeric) {
    assertNotNull(analytic, layer + "." + param + ": gradient is null");
    assertEquals(DataType.DOUBLE, analytic.dataType(), layer + "." + param + ": gradient type");
    assertArrayEquals(numeric.shape(), analytic.shape(), layer + "." + param + ": gradient shape");
    for (long i = 0; i < numeric.length(); i++)
      expectClose(layer, param, i, analytic.getDouble(i), numeric.getDouble(i));
  }

  /**
   * Checks dL/d(input) and dL/d(every parameter) of one layer with L = sum(output * R), R drawn
   * from {@code seed}, through {@link LayerPass#backwardInto} as training runs it. Also checks that
   * forward and backward leave input and parameters alone.
   */
  public static void checkLayer(Layer layer, INDArray input, long seed) {
    String name = layer.name();
    LayerPass step = layer.forward(input);
    INDArray r = uniform(new SplittableRandom(seed), -1, 1, step.output().shape());
    INDArray inputBefore = input.dup();
    Map<String, INDArray> params = layer.parameters();
    Map<String, INDArray> paramsBefore = new java.util.LinkedHashMap<>();
    params.forEach((k, v) -> paramsBefore.put(k, v.dup()));

    // the training path: parameter gradients land in views of one flat buffer, as in Network;
    // the buffer starts as NaN, so an entry backwardInto fails to write cannot pass
    Map<String, INDArray> into = flatViews(params);
    INDArray gradInput = step.backwardInto(r.dup(), into);
    Gradients grads = new Gradients(gradInput, into);

    assertEquals(inputBefore, input, name + ": forward/backward modified the input");
    params.forEach(
        (k, v) -> assertEquals(paramsBefore.get(k), v, name + "." + k + ": modified by a pass"));
    assertNotNull(grads.input(), name + ": input gradient is null");
    assertEquals(
        params.keySet(), grads.parameters().keySet(), name + ": a gradient for every parameter");

    DoubleSupplier loss = () -> layer.forward(input).output().mul(r).sumNumber().doubleValue();
    checkArray(name, "input", input, grads.input(), loss);
    for (Map.Entry<String, INDArray> e : params.entrySet())
      checkArray(name, e.getKey(), e.getValue(), grads.parameters().get(e.getKey()), loss);
  }

  /** NaN-filled targets shaped like {@code params}, each a 'c' view into one flat buffer. */
  static Map<String, INDArray> flatViews(Map<String, INDArray> params) {
    long total = params.values().stream().mapToLong(INDArray::length).sum();
    INDArray flat = Nd4j.zeros(DataType.DOUBLE, 1, Math.max(total, 1)).assign(Double.NaN);
    Map<String, INDArray> views = new java.util.LinkedHashMap<>();
    long offset = 0;
    for (Map.Entry<String, INDArray> e : params.entrySet()) {
      long length = e.getValue().length();
      views.put(
          e.getKey(),
          flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(offset, offset + length))
              .reshape('c', e.getValue().shape()));
      offset += length;
    }
    return views;
  }
}
