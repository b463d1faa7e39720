package gradflow.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecReaderValidTest {
  private static final InitSpec XAVIER = new InitSpec.Scaled(InitSpec.Scheme.XAVIER_UNIFORM);
  private static final InitSpec ZEROS = new InitSpec.Zeros();

  static Path example(String name) {
    try {
      return Path.of(SpecReaderValidTest.class.getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  private static NetworkSpec parse(String yaml) {
    return SpecReader.parse(yaml, "net.yaml", null);
  }

  @Test
  void readsEveryFormOfTheFullExample() {
    Path file = example("full.yaml");
    NetworkSpec spec = SpecReader.read(file);

    assertEquals("deep-sigmoid", spec.name());
    assertEquals(42, spec.seed());
    assertEquals(List.of(784), spec.input());
    String dir =
        file.toAbsolutePath().getParent().resolve("../testdata/mnist-mini").normalize().toString();
    assertEquals(new MnistSpec(dir, 100, 500, 200), spec.data());

    DenseSpec sigmoid =
        new DenseSpec(10, ActivationSpec.of(ActivationKind.SIGMOID), XAVIER, ZEROS, true);
    DenseSpec leaky =
        new DenseSpec(
            32,
            new ActivationSpec(ActivationKind.LEAKY_RELU, 0.01),
            new InitSpec.Scaled(InitSpec.Scheme.HE_NORMAL),
            ZEROS,
            false);
    MaxoutSpec small = new MaxoutSpec(16, 3, new InitSpec.Normal(0, 0.01), ZEROS);
    MaxoutSpec wide =
        new MaxoutSpec(32, 4, new InitSpec.Uniform(5, 10), new InitSpec.Uniform(0, 10));
    DenseSpec out =
        new DenseSpec(
            10,
            ActivationSpec.of(ActivationKind.SOFTMAX),
            new InitSpec.Scaled(InitSpec.Scheme.XAVIER_NORMAL),
            new InitSpec.Constant(0.1),
            true);
    List<LayerSpec> expected =
        List.of(sigmoid, sigmoid, sigmoid, sigmoid, sigmoid, leaky, small, leaky, small, wide, out);
    assertEquals(expected, spec.layers());

    assertEquals(LossKind.CROSS_ENTROPY, spec.loss());
    assertEquals(
        new OptimizerSpec(OptimizerSpec.Kind.ADAM, 0.002, 0.9, 0.8, 0.99, 1e-7, 1.0, 0.5),
        spec.optimizer());
    assertEquals(new TrainSpec(2000, 100, 25), spec.train());
    assertEquals(
        Thresholds.defaults()
            .with(Threshold.VANISHING_RATIO, 0.05)
            .with(Threshold.DEAD_PIECES, 0.2),
        spec.thresholds());
    assertEquals(file.toString(), spec.source());
  }

  @Test
  void appliesDefaultsToAMinimalSpec() {
    NetworkSpec spec = SpecReader.read(example("minimal.yaml"));

    assertEquals("minimal", spec.name());
    assertEquals(0, spec.seed());
    assertEquals(List.of(1, 28, 28), spec.input());
    assertEquals(new SyntheticSpec(SyntheticSpec.Kind.TEACHER, 3, 2000, 500, 1.0), spec.data());
    assertEquals(
        List.of(
            new DenseSpec(8, new ActivationSpec(ActivationKind.ELU, 1.0), XAVIER, ZEROS, true),
            new DenseSpec(3, ActivationSpec.of(ActivationKind.LINEAR), XAVIER, ZEROS, true)),
        spec.layers());
    assertEquals(LossKind.CROSS_ENTROPY, spec.loss());
    assertEquals(OptimizerSpec.adam(0.001), spec.optimizer());
    assertEquals(new TrainSpec(1000, 32, 50), spec.train());
    assertEquals(Thresholds.defaults(), spec.thresholds());
  }

  @Test
  void readsJson() {
    NetworkSpec spec = SpecReader.read(example("momentum.json"));

    assertEquals("json-net", spec.name());
    assertEquals(new SyntheticSpec(SyntheticSpec.Kind.BLOBS, 4, 300, 0, 0.5), spec.data());
    assertEquals(
        new DenseSpec(
            16,
            new ActivationSpec(ActivationKind.ELU, 0.5),
            new InitSpec.Uniform(-1, 1),
            ZEROS,
            true),
        spec.layers().get(0));
    assertEquals(LossKind.MSE, spec.loss());
    assertEquals(
        new OptimizerSpec(OptimizerSpec.Kind.MOMENTUM, 0.01, 0.8, 0.9, 0.999, 1e-8, 0, 0),
        spec.optimizer());
    assertEquals(new TrainSpec(10, 32, 50), spec.train());
  }

  @Test
  void repeatsOneLayerAndNestedBlocks() {
    NetworkSpec spec =
        parse(
            """
            input: [4]
            data: {synthetic: {kind: blobs, classes: 2}}
            layers:
              - repeat: 2
                layers:
                  - repeat: 3
                    dense: {units: 5, activation: tanh}
                  - maxout: {units: 6, k: 2}
              - dense: {units: 2, activation: linear}
            """);

    List<String> shape =
        spec.layers().stream()
            .map(l -> l.type() + (l instanceof DenseSpec d ? d.units() : ((MaxoutSpec) l).units()))
            .toList();
    assertEquals(
        List.of(
            "dense5", "dense5", "dense5", "maxout6", "dense5", "dense5", "dense5", "maxout6",
            "dense2"),
        shape);
  }

  @Test
  void acceptsActivationParameterDefaultsAndGlorotAlias() {
    NetworkSpec spec =
        parse(
            """
            input: [4]
            data: {synthetic: {kind: blobs, classes: 2}}
            layers:
              - dense: {units: 3, activation: leaky_relu, init: glorot_uniform}
              - dense: {units: 3, activation: {leaky_relu: null}, init: zeros}
              - dense: {units: 3, activation: {relu: {}}, init: lecun_normal, bias_init: he_uniform}
              - dense: {units: 2, activation: linear, init: {uniform: {low: -0.5, high: 0.5}}}
            optimizer: {sgd: {lr: 0.1}}
            """);

    DenseSpec first = (DenseSpec) spec.layers().get(0);
    assertEquals(ActivationSpec.of(ActivationKind.LEAKY_RELU), first.activation());
    assertEquals(0.2, first.activation().alpha());
    assertEquals(XAVIER, first.init());
    assertEquals(
        ActivationSpec.of(ActivationKind.LEAKY_RELU),
        ((DenseSpec) spec.layers().get(1)).activation());
    DenseSpec third = (DenseSpec) spec.layers().get(2);
    assertEquals(ActivationKind.RELU, third.activation().kind());
    assertEquals(new InitSpec.Scaled(InitSpec.Scheme.HE_UNIFORM), third.biasInit());
    assertEquals(new InitSpec.Uniform(-0.5, 0.5), ((DenseSpec) spec.layers().get(3)).init());
    assertEquals(OptimizerSpec.Kind.SGD, spec.optimizer().kind());
    assertEquals(0.1, spec.optimizer().lr());
    assertEquals(0, spec.optimizer().momentum());
  }

  @Test
  void namesTheModelAfterTheFileAndKeepsRelativeDirWithoutBaseDir() {
    NetworkSpec spec =
        SpecReader.parse(
            """
            input: [784]
            data: {mnist: {dir: testdata/mnist-mini}}
            layers:
              - dense: {units: 10, activation: softmax}
            """,
            "configs/tiny-net.yml",
            null);

    assertEquals("tiny-net", spec.name());
    assertEquals(new MnistSpec("testdata/mnist-mini", 0, 0, 0), spec.data());
  }

  @Test
  void resolvesRelativeDirAgainstBaseDirButNotAbsoluteOnes() {
    String template =
        """
        input: [784]
        data: {mnist: {dir: %s}}
        layers:
          - dense: {units: 10, activation: softmax}
        """;
    Path base = Path.of("/specs/configs");
    NetworkSpec relative = SpecReader.parse(template.formatted("../data"), "a.yaml", base);
    NetworkSpec absolute = SpecReader.parse(template.formatted("/data/mnist"), "a.yaml", base);

    assertEquals(Path.of("/specs/data").toString(), ((MnistSpec) relative.data()).dir());
    assertEquals("/data/mnist", ((MnistSpec) absolute.data()).dir());
  }

  @Test
  void acceptsWholeFloatsAsIntegersAndIgnoresBom() {
    NetworkSpec spec =
        parse(
            "\uFEFFinput: [784]\n"
                + "data: {mnist: {dir: d}}\n"
                + "layers:\n"
                + "  - dense: {units: 10.0, activation: softmax}\n");

    assertEquals(10, ((DenseSpec) spec.layers().get(0)).units());
    assertTrue(spec.thresholds().equals(Thresholds.defaults()));
  }
}
