package gradflow.spec;

/**
 * Seeded synthetic classification data, no files. {@code BLOBS}: Gaussian clusters, one per class,
 * centres drawn N(0, 1) per feature, points centre + noise * N(0, 1). {@code TEACHER}: inputs N(0,
 * 1), labels = argmax of a random two-layer tanh network plus noise * N(0, 1) on the logits.
 * Feature count comes from the spec's {@code input} shape.
 */
public record SyntheticSpec(Kind kind, int classes, int samples, int testSamples, double noise)
    implements DataSpec {
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
  }
}
