package gradflow.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Norms that do not overflow on their own: huge but finite gradients give huge finite norms. */
public final class GradientNorms {
  private GradientNorms() {}

  /**
   * L2 norm; when the plain sum of squares overflows the data type, recomputes on the array scaled
   * by its largest magnitude (rare, so the fast path stays one fused op).
   */
  public static double l2(INDArray a) {
    double norm = a.norm2Number().doubleValue();
    if (Double.isFinite(norm)) return norm;
    double max = a.amaxNumber().doubleValue();
    if (!Double.isFinite(max) || max == 0) return norm;
    return max * a.div(max).norm2Number().doubleValue();
  }
}
