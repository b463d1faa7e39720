package gradflow.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SpecWriter#spec}: a whole spec written out reads back as the same spec. */
class SpecWriterSpecTest {
  @TempDir Path dir;

  private static final String MNIST =
      "name: 'odd: name \"quoted\"'\n"
          + "seed: 7\n"
          + "input: [784]\n"
          + "data: {mnist: {dir: data/mnist, train_count: 500, test_count: 100}}\n"
          + "layers:\n"
          + "  - repeat: 2\n"
          + "    dense: {units: 8, activation: {leaky_relu: {alpha: 0.05}}, init: he_uniform}\n"
          + "  - batchnorm: {}\n"
          + "  - residual:\n"
          + "      layers:\n"
          + "        - dense: {units: 8, activation: tanh}\n"
          + "  - dense: {units: 10, activation: softmax}\n"
          + "loss: cross_entropy\n"
          + "optimizer: {momentum: {lr: 0.05, momentum: 0.8}, clip_norm: 1.0}\n"
          + "train: {steps: 30, batch: 16, log_every: 5}\n"
          + "thresholds: {vanishing_ratio: 0.02}\n"
          + "sweep: {lr: [0.1, 0.2]}\n";

  @Test
  void anMnistSpecReadsBackTheSameFromAnotherFolder() throws IOException {
    Path specDir = Files.createDirectories(dir.resolve("specs"));
    NetworkSpec spec = SpecReader.parse(MNIST, "net.yaml", specDir);
    Path out = Files.createDirectories(dir.resolve("elsewhere/deeper")).resolve("fixed.yaml");
    String yaml = SpecWriter.spec(spec, out, "a comment\nof two lines");
    assertTrue(yaml.startsWith("# a comment\n# of two lines\n"), yaml);
    assertTrue(yaml.contains("dir: \"../../specs/data/mnist\""), yaml);
    Files.writeString(out, yaml);

    NetworkSpec back = SpecReader.read(out);
    assertEquals(withoutOrigin(spec.withSweep(SweepSpec.NONE)), withoutOrigin(back));
  }

  @Test
  void syntheticDataIsWrittenAndOtherDataIsNot() throws IOException {
    String blobs =
        "name: b\nseed: 1\ninput: [4]\n"
            + "data: {synthetic: {kind: teacher, classes: 3, samples: 50, noise: 0.5}}\n"
            + "layers:\n  - dense: {units: 3, activation: softmax}\n";
    NetworkSpec spec = SpecReader.parse(blobs, "b.yaml", dir);
    assertNull(SpecWriter.unwritable(spec));
    Path out = dir.resolve("b2.yaml");
    Files.writeString(out, SpecWriter.spec(spec, out, "c"));
    assertEquals(withoutOrigin(spec), withoutOrigin(SpecReader.read(out)));

    NetworkSpec npy = spec.withData(new NpySpec("x.npy", "y.npy", null, null, ScalingSpec.NONE));
    assertNotNull(SpecWriter.unwritable(npy));
  }

  /** The file it came from and where each layer was written differ by design. */
  private static NetworkSpec withoutOrigin(NetworkSpec s) {
    return new NetworkSpec(
        s.name(),
        s.seed(),
        s.input(),
        s.data(),
        s.layers(),
        s.loss(),
        s.optimizer(),
        s.train(),
        s.thresholds(),
        s.sweep(),
        "-",
        s.model());
  }
}
