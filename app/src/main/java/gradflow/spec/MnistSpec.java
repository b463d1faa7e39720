package gradflow.spec;

/**
 * MNIST-format IDX files in {@code dir} (train-images-idx3-ubyte, train-labels-idx1-ubyte,
 * t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte; each raw or with .gz). Training uses {@code
 * trainCount} images starting at {@code trainOffset} (0 = all that remain); testing uses the first
 * {@code testCount} test images (0 = all).
 */
public record MnistSpec(String dir, int trainOffset, int trainCount, int testCount)
    implements DataSpec {
  public MnistSpec {
    if (trainOffset < 0 || trainCount < 0 || testCount < 0)
      throw new IllegalArgumentException("offsets and counts must be >= 0");
  }

  public MnistSpec withDir(String newDir) {
    return new MnistSpec(newDir, trainOffset, trainCount, testCount);
  }
}
