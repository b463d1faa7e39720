package gradflow.data;

import gradflow.nd.HostArrays;
import gradflow.spec.Limits;
import gradflow.spec.SyntheticSpec;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded synthetic classification sets, fully determined by the seed. Randomness comes from {@link
 * SplittableRandom} with a Gaussian written here (Box-Muller), not from ND4J's RNG or the JDK's
 * {@code nextGaussian}, so the same seed gives the same data on every backend and JDK.
 *
 * <p>The generator (class centres or teacher weights), the training set and the test set each draw
 * from their own split stream, so changing {@code testSamples} leaves the training set as is.
 *
 * <ul>
 *   <li>{@code BLOBS}: one centre per class, each coordinate centre_std * N(0, 1) (default 2,
 *       separable at noise 1); point = centre + noise * N(0, 1); labels balanced ({@code i %
 *       classes}, then shuffled).
 *   <li>{@code TEACHER}: x ~ N(0, 1); a random teacher {@code features -> 32 tanh -> classes} with
 *       N(0, 1/sqrt(fan_in)) weights and no biases; label = argmax(logits + noise * N(0, 1)).
 * </ul>
 */
public final class SyntheticData {
  /** Hidden width of the TEACHER network. */
  public static final int TEACHER_HIDDEN = 32;

  private SyntheticData() {}

  /** Generates train ({@code spec.samples()}) and test ({@code spec.testSamples()}) sets. */
  public static DataSplit generate(SyntheticSpec spec, int features, long seed) {
    if (features < 1) {
      throw new DataException(
          "synthetic data needs at least 1 input feature, found "
              + features
              + "; set the spec's input, e.g. input: [20]");
    }
    // The spec reader refuses this with its location; this guard is for callers that build a
    // SyntheticSpec in code, where n * features would silently wrap around an int.
    long values = (long) Math.max(spec.samples(), spec.testSamples()) * features;
    if (values > Limits.MAX_VALUES) {
      throw new DataException(
          "synthetic data of "
              + Math.max(spec.samples(), spec.testSamples())
              + " samples x "
              + features
              + " features is "
              + values
              + " values, more than the "
              + Limits.MAX_VALUES
              + " gradflow can hold in one Java array; lower samples or the input size");
    }
    SplittableRandom root = new SplittableRandom(seed);
    SplittableRandom generatorRandom = root.split();
    SplittableRandom trainRandom = root.split();
    SplittableRandom testRandom = root.split();
    Generator generator =
        switch (spec.kind()) {
          case BLOBS -> new Blobs(spec, features, generatorRandom);
          case TEACHER -> new Teacher(spec, features, generatorRandom);
        };
    Dataset train = generator.sample(spec.samples(), trainRandom);
    Dataset test =
        spec.testSamples() == 0 ? null : generator.sample(spec.testSamples(), testRandom);
    return new DataSplit(train, test);
  }

  /** A standard normal draw (Box-Muller; one of the pair is dropped to keep the code stateless). */
  static double gaussian(SplittableRandom random) {
    double u1 = 1.0 - random.nextDouble(); // in (0, 1], so log is finite
    double u2 = random.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
  }

  private interface Generator {
    Dataset sample(int n, SplittableRandom random);
  }

  private static final class Blobs implements Generator {
    private final SyntheticSpec spec;
    private final int features;
    private final double[][] centres;

    Blobs(SyntheticSpec spec, int features, SplittableRandom random) {
      this.spec = spec;
      this.features = features;
      this.centres = new double[spec.classes()][features];
      for (double[] centre : centres) {
        for (int j = 0; j < features; j++) {
          centre[j] = spec.centreStd() * gaussian(random);
        }
      }
    }

    @Override
    public Dataset sample(int n, SplittableRandom random) {
      int[] labels = new int[n];
      for (int i = 0; i < n; i++) {
        labels[i] = i % spec.classes();
      }
      shuffle(labels, random);
      float[] x = new float[n * features];
      for (int i = 0; i < n; i++) {
        double[] centre = centres[labels[i]];
        for (int j = 0; j < features; j++) {
          x[i * features + j] = (float) (centre[j] + spec.noise() * gaussian(random));
        }
      }
      return new Dataset(HostArrays.of(x, n, features), labels, spec.classes());
    }
  }

  private static final class Teacher implements Generator {
    private final SyntheticSpec spec;
    private final int features;
    private final double[][] w1; // [features][hidden]
    private final double[][] w2; // [hidden][classes]

    Teacher(SyntheticSpec spec, int features, SplittableRandom random) {
      this.spec = spec;
      this.features = features;
      this.w1 = gaussianMatrix(features, TEACHER_HIDDEN, random);
      this.w2 = gaussianMatrix(TEACHER_HIDDEN, spec.classes(), random);
    }

    @Override
    public Dataset sample(int n, SplittableRandom random) {
      float[] x = new float[n * features];
      int[] labels = new int[n];
      double[] row = new double[features];
      double[] h = new double[TEACHER_HIDDEN];
      double[] logits = new double[spec.classes()];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < features; j++) {
          row[j] = gaussian(random);
          x[i * features + j] = (float) row[j];
        }
        multiply(row, w1, h);
        for (int k = 0; k < h.length; k++) {
          h[k] = Math.tanh(h[k]);
        }
        multiply(h, w2, logits);
        for (int c = 0; c < logits.length; c++) {
          logits[c] += spec.noise() * gaussian(random);
        }
        labels[i] = argmax(logits);
      }
      return new Dataset(HostArrays.of(x, n, features), labels, spec.classes());
    }

    /** Entries N(0, 1/sqrt(rows)): the std keeps pre-activations O(1) whatever the fan-in. */
    private static double[][] gaussianMatrix(int rows, int columns, SplittableRandom random) {
      double std = 1.0 / Math.sqrt(rows);
      double[][] m = new double[rows][columns];
      for (double[] r : m) {
        for (int c = 0; c < columns; c++) {
          r[c] = std * gaussian(random);
        }
      }
      return m;
    }

    /** out = v * m (v a row vector). */
    private static void multiply(double[] v, double[][] m, double[] out) {
      Arrays.fill(out, 0.0);
      for (int r = 0; r < v.length; r++) {
        for (int c = 0; c < out.length; c++) {
          out[c] += v[r] * m[r][c];
        }
      }
    }

    /** Index of the largest value; the lowest index wins ties. */
    private static int argmax(double[] values) {
      int best = 0;
      for (int c = 1; c < values.length; c++) {
        if (values[c] > values[best]) {
          best = c;
        }
      }
      return best;
    }
  }

  /** Fisher-Yates shuffle in place. */
  static void shuffle(int[] values, SplittableRandom random) {
    for (int i = values.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = values[i];
      values[i] = values[j];
      values[j] = t;
    }
  }
}
