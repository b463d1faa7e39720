package gradflow.spec;

/**
 * Seeded synthetic classification data, no files. {@code BLOBS}: Gaussian clusters, one per class,
 * centres drawn N(0, centreStd^2) per feature, points centre + noise * N(0, 1), so class separation
 * (centreStd / noise) and input scale can be set apart. {@code TEACHER}: inputs N(0, 1), labels =
 * argmax of a random two-layer tanh network plus noise * N(0, 1) on the logits (it has no centres:
 * centreStd is unused). Feature count comes from the spec's {@code input} shape.
 */
public record SyntheticSpec(
    Kind kind, int classes, int samples, int testSamples, double noise, double centreStd)
    implements DataSpec {
  /** The BLOBS centres' standard deviation unless set: 2, separable at noise 1. */
  public static final double DEFAULT_CENTRE_STD = 2.0;

  /** Data with the default centre spread. */
  public SyntheticSpec(Kind kind, int classes, int samples, int testSamples, double noise) {
    this(kind, classes, samples, testSamples, noise, DEFAULT_CENTRE_STD);
  }

  public enum Kind {
    BLOBS,
    TEACHER
  }

  public SyntheticSpec {
    if (classes < 2)
      throw new IllegalArgumentException("classes must be at least 2, found " + classes);
    if (samples < 1)
      throw new IllegalArgumentException("samples must be at least 1, found " + samples);
    if (testSamples < 0) throw new IllegalArgumentException("test_samples must be >= 0");
    if (!(noise >= 0)) throw new IllegalArgumentException("noise must be >= 0, found " + noise);
    if (!(centreStd >= 0) || Double.isInfinite(centreStd))
      throw new IllegalArgumentException(
          "centre_std must be a finite number >= 0, found " + centreStd);
  }
}
