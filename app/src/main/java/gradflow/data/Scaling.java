package gradflow.data;

import gradflow.spec.ScalingSpec;

/**
 * Applies a {@link ScalingSpec} in place: x / scale, then per feature (x - mean) / std with the
 * training set's mean and population standard deviation, computed in double. A feature with std 0
 * (constant in training) is only centred, so it stays 0 rather than becoming NaN.
 */
final class Scaling {
  private Scaling() {}

  static void apply(ScalingSpec spec, FileData.Rows train, FileData.Rows test) {
    if (spec.isNone()) return;
    if (spec.scale() != 1) {
      divide(train.values(), spec.scale());
      if (test != null) divide(test.values(), spec.scale());
    }
    if (!spec.standardize()) return;
    int f = train.features();
    double[] mean = new double[f];
    double[] square = new double[f];
    float[] x = train.values();
    for (int i = 0; i < x.length; i++) mean[i % f] += x[i];
    for (int j = 0; j < f; j++) mean[j] /= train.n();
    for (int i = 0; i < x.length; i++) {
      double d = x[i] - mean[i % f];
      square[i % f] += d * d;
    }
    double[] std = new double[f];
    for (int j = 0; j < f; j++) {
      double s = Math.sqrt(square[j] / train.n());
      std[j] = s > 0 ? s : 1;
    }
    standardize(x, mean, std);
    if (test != null) standardize(test.values(), mean, std);
  }

  private static void divide(float[] x, double scale) {
    for (int i = 0; i < x.length; i++) x[i] = (float) (x[i] / scale);
  }

  private static void standardize(float[] x, double[] mean, double[] std) {
    int f = mean.length;
    for (int i = 0; i < x.length; i++) x[i] = (float) ((x[i] - mean[i % f]) / std[i % f]);
  }
}
