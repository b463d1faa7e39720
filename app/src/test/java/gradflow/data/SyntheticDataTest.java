package gradflow.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradflow.spec.ExpressionSyntax;
import gradflow.spec.MemoryLimit;
import gradflow.spec.SpecException;
import gradflow.spec.SpecProblem;
import gradflow.spec.SpecReader;
import gradflow.spec.SyntheticSpec;
import gradflow.spec.SyntheticSpec.Kind;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;

class SyntheticDataTest {
  @ParameterizedTest
  @EnumSource(Kind.class)
  void sameSeedSameDataOtherSeedOtherData(Kind kind) {
    SyntheticSpec spec = new SyntheticSpec(kind, 4, 200, 50, 0.5);
    DataSplit a = SyntheticData.generate(spec, 8, 42);
    DataSplit b = SyntheticData.generate(spec, 8, 42);
    DataSplit c = SyntheticData.generate(spec, 8, 43);
    assertEquals(a.train().features(), b.train().features());
    assertArrayEquals(a.train().labels(), b.train().labels());
    assertEquals(a.test().features(), b.test().features());
    assertNotEquals(a.train().features(), c.train().features());
    assertArrayEquals(new long[] {200, 8}, a.train().features().shape());
    assertArrayEquals(new long[] {50, 8}, a.test().features().shape());
    assertEquals(DataType.FLOAT, a.train().features().dataType());
    assertTrue(Arrays.stream(a.train().labels()).allMatch(l -> l >= 0 && l < 4));
    assertTrue(Arrays.stream(a.test().labels()).allMatch(l -> l >= 0 && l < 4));
  }

  @Test
  void trainSetDoesNotDependOnTestSize() {
    DataSplit a = SyntheticData.generate(new SyntheticSpec(Kind.TEACHER, 3, 100, 0, 0.1), 5, 7);
    DataSplit b = SyntheticData.generate(new SyntheticSpec(Kind.TEACHER, 3, 100, 30, 0.1), 5, 7);
    assertEquals(a.train().features(), b.train().features());
    assertArrayEquals(a.train().labels(), b.train().labels());
    assertNull(a.test());
  }

  @Test
  void centreStdSetsTheSpreadOfTheClassCentresAndDefaultsToToday() {
    SyntheticSpec plain = new SyntheticSpec(Kind.BLOBS, 3, 300, 0, 1.0);
    assertEquals(SyntheticSpec.DEFAULT_CENTRE_STD, plain.centreStd());
    assertEquals(
        SyntheticData.generate(plain, 5, 9).train().features(),
        SyntheticData.generate(new SyntheticSpec(Kind.BLOBS, 3, 300, 0, 1.0, 2.0), 5, 9)
            .train()
            .features());
    // with no noise every point is its centre: the spread of the points is the centres' spread
    double wide =
        spread(SyntheticData.generate(new SyntheticSpec(Kind.BLOBS, 3, 300, 0, 0, 8), 50, 9));
    double narrow =
        spread(SyntheticData.generate(new SyntheticSpec(Kind.BLOBS, 3, 300, 0, 0, 0.5), 50, 9));
    assertEquals(16.0, wide / narrow, 1e-4, "same draws, scaled by centre_std");
    assertEquals(8.0, wide, 8.0 * 0.3, "std of 3 x 50 draws of N(0, 64)");
    assertThrows(
        IllegalArgumentException.class, () -> new SyntheticSpec(Kind.BLOBS, 3, 10, 0, 1, -1));
  }

  private static double spread(DataSplit split) {
    return split.train().features().stdNumber().doubleValue();
  }

  @Test
  void centreStdIsReadFromTheSpec() {
    String yaml =
        "input: [4]\ndata: {synthetic: {kind: blobs, classes: 3, centre_std: 0.25}}\n"
            + "layers:\n  - dense: {units: 3, activation: softmax}\n";
    SyntheticSpec spec = (SyntheticSpec) SpecReader.parse(yaml, "net.yaml", null).data();
    assertEquals(0.25, spec.centreStd());
    SpecException e =
        assertThrows(
            SpecException.class,
            () -> SpecReader.parse(yaml.replace("0.25", "-1"), "net.yaml", null));
    assertTrue(e.getMessage().contains("centre_std must be at least 0"), e.getMessage());
  }

  @Test
  void blobLabelsAreBalancedAndShuffled() {
    DataSplit split = SyntheticData.generate(new SyntheticSpec(Kind.BLOBS, 10, 1000, 0, 1), 4, 3);
    int[] counts = new int[10];
    for (int label : split.train().labels()) {
      counts[label]++;
    }
    int[] expected = new int[10];
    Arrays.fill(expected, 100);
    assertArrayEquals(expected, counts);
    int[] sorted = new int[1000];
    for (int i = 0; i < 1000; i++) {
      sorted[i] = i % 10;
    }
    assertFalse(Arrays.equals(sorted, split.train().labels()));
  }

  @Test
  void blobsAreSeparableByNearestCentroid() {
    int classes = 10;
    int features = 20;
    DataSplit split =
        SyntheticData.generate(
            new SyntheticSpec(Kind.BLOBS, classes, 2000, 1000, 0.5), features, 11);
    float[][] train = split.train().features().toFloatMatrix();
    double[][] centroids = new double[classes][features];
    int[] counts = new int[classes];
    for (int i = 0; i < train.length; i++) {
      int label = split.train().labels()[i];
      counts[label]++;
      for (int j = 0; j < features; j++) {
        centroids[label][j] += train[i][j];
      }
    }
    for (int c = 0; c < classes; c++) {
      for (int j = 0; j < features; j++) {
        centroids[c][j] /= counts[c];
      }
    }
    float[][] test = split.test().features().toFloatMatrix();
    int correct = 0;
    for (int i = 0; i < test.length; i++) {
      int best = 0;
      double bestDistance = Double.MAX_VALUE;
      for (int c = 0; c < classes; c++) {
        double distance = 0;
        for (int j = 0; j < features; j++) {
          double d = test[i][j] - centroids[c][j];
          distance += d * d;
        }
        if (distance < bestDistance) {
          bestDistance = distance;
          best = c;
        }
      }
      correct += best == split.test().labels()[i] ? 1 : 0;
    }
    assertTrue(correct >= 0.98 * test.length, "nearest-centroid accuracy " + correct + "/1000");
  }

  @Test
  void teacherUsesSeveralClasses() {
    DataSplit split = SyntheticData.generate(new SyntheticSpec(Kind.TEACHER, 5, 2000, 0, 0), 10, 5);
    long used = Arrays.stream(split.train().labels()).distinct().count();
    assertTrue(used >= 3, "teacher labels use only " + used + " classes");
  }

  @Test
  void gaussianHasUnitMoments() {
    SplittableRandom random = new SplittableRandom(1);
    int n = 200_000;
    double sum = 0;
    double squares = 0;
    for (int i = 0; i < n; i++) {
      double g = SyntheticData.gaussian(random);
      sum += g;
      squares += g * g;
    }
    assertEquals(0.0, sum / n, 0.01);
    assertEquals(1.0, squares / n, 0.01);
  }

  /** The spec reader refuses a huge samples x features at the samples line, before any data. */
  @Test
  void specReaderRefusesHugeSamplesTimesFeatures() {
    String yaml =
        """
        input: [100000]
        data: {synthetic: {kind: blobs, classes: 3, samples: 100000}}
        layers:
          - dense: {units: 3, activation: softmax}
        """;
    SpecException e =
        assertThrows(SpecException.class, () -> SpecReader.parse(yaml, "net.yaml", null));
    SpecProblem p = e.problems().get(0);
    assertEquals(2, p.line(), p.render());
    assertTrue(p.message().contains("samples x input features is 10000000000"), p.render());

    // within one array, but over a memory budget: refused too, at the data
    String big = yaml.replace("samples: 100000", "samples: 20000");
    SpecProblem q =
        assertThrows(
                SpecException.class,
                () ->
                    SpecReader.parse(
                        big, "net.yaml", null, ExpressionSyntax.NONE, MemoryLimit.of(1L << 30)))
            .problems()
            .get(0);
    assertEquals(2, q.line(), q.render());
    assertTrue(q.message().contains("more than the 1.0 GiB"), q.render());
  }

  /** Called directly (a spec made in code), the product is refused before anything is allocated. */
  @Test
  void generateRefusesHugeSamplesTimesFeaturesBeforeAllocating() {
    // 65536 x 65537 wraps around an int to 65536: without the check this would not even fail
    SyntheticSpec spec = new SyntheticSpec(Kind.BLOBS, 3, 65536, 0, 1.0);
    String message =
        assertThrows(DataException.class, () -> SyntheticData.generate(spec, 65537, 1))
            .getMessage();
    assertTrue(message.contains("65536 samples x 65537 features is 4295032832 values"), message);
    assertTrue(message.contains("lower samples or the input size"), message);
  }
}
