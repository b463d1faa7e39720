package gradflow.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Locates the shipped MNIST subset and writes (corrupted) copies of it for tests. */
final class TestData {
  private TestData() {}

  /** testdata/mnist-mini, whether tests run from the repository root or from app/. */
  static Path mnistMini() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("testdata/mnist-mini");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("testdata/mnist-mini not found above " + Path.of(""));
  }

  /** The uncompressed bytes of {@code name}.gz in the shipped subset. */
  static byte[] rawBytes(String name) throws IOException {
    try (InputStream in =
        new GZIPInputStream(Files.newInputStream(mnistMini().resolve(name + ".gz")))) {
      return in.readAllBytes();
    }
  }

  static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(buffer)) {
      out.write(bytes);
    }
    return buffer.toByteArray();
  }

  /** Copies the four gzipped files of the subset into {@code dir}. */
  static void copyMini(Path dir) throws IOException {
    for (String name :
        new String[] {
          MnistLoader.TRAIN_IMAGES, MnistLoader.TRAIN_LABELS,
          MnistLoader.TEST_IMAGES, MnistLoader.TEST_LABELS
        }) {
      Files.copy(mnistMini().resolve(name + ".gz"), dir.resolve(name + ".gz"));
    }
  }
}
