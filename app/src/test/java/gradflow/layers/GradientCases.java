package gradflow.layers;

import gradflow.spec.ActivationKind;
import gradflow.spec.ActivationSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The gradient-check cases of every layer class, in double precision and away from kinks. {@link
 * LayerCoverageTest} compares the classes in {@link #all()} with the compiled layer classes, so a
 * new layer needs a case here.
 */
public final class GradientCases {
  /** Pre-activations this close to a kink (ReLU at 0, a Maxout tie) are resampled. */
  static final double KINK_MARGIN = 1e-3;

  private GradientCases() {}

  /** One layer, an input for it, and the seed of the random R in L = sum(output * R). */
  public record Case(String description, Layer layer, INDArray input, long seed) {
    @Override
    public String toString() {
      return description;
    }
  }

  static List<ActivationSpec> activations() {
    List<ActivationSpec> specs = new ArrayList<>();
    for (ActivationKind kind : ActivationKind.values()) {
      // expr needs a formula (ActivationSpec.of takes none); expr/DerivativeTest checks its f'
      if (kind != ActivationKind.EXPR) specs.add(ActivationSpec.of(kind));
    }
    specs.add(new ActivationSpec(ActivationKind.LEAKY_RELU, 0.01));
    specs.add(new ActivationSpec(ActivationKind.ELU, 0.5));
    return specs;
  }

  public static Stream<Case> dense() {
    List<Case> cases = new ArrayList<>();
    int index = 0;
    for (ActivationSpec spec : activations()) {
      for (boolean bias : new boolean[] {true, false}) {
        for (int batch : new int[] {1, 4}) {
          int in = 3 + index % 3;
          int units = 2 + index % 3;
          long seed = 1000 + index++;
          cases.add(dense(spec, bias, new long[] {batch, in}, units, seed));
        }
      }
    }
    // rank-4 input: Dense flattens [n, 1, 2, 2] to [n, 4] and reshapes dL/dx back
    cases.add(dense(ActivationSpec.of(ActivationKind.TANH), true, new long[] {4, 1, 2, 2}, 3, 77));
    return cases.stream();
  }

  static Case dense(ActivationSpec spec, boolean bias, long[] inputShape, int units, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    long in = Arrays.stream(inputShape).skip(1).reduce(1, (a, b) -> a * b);
    for (int attempt = 0; attempt < 1000; attempt++) {
      INDArray x = GradientCheck.uniform(rng, -2, 2, inputShape);
      INDArray w = GradientCheck.uniform(rng, -1, 1, in, units);
      INDArray b = bias ? GradientCheck.uniform(rng, -0.5, 0.5, units) : null;
      INDArray z = x.reshape(inputShape[0], in).mmul(w);
      if (b != null) z.addiRowVector(b);
      if (minAbs(z) > KINK_MARGIN) {
        String description =
            String.format(
                "dense %s(alpha=%s) bias=%s input=%s units=%d",
                spec.specName(), spec.alpha(), bias, Arrays.toString(inputShape), units);
        Layer layer = new Dense(description, w, b, Activations.of(spec));
        return new Case(description, layer, x, seed);
      }
    }
    throw new IllegalStateException("no kink-free dense sample for seed " + seed);
  }

  public static Stream<Case> maxout() {
    List<Case> cases = new ArrayList<>();
    int index = 0;
    for (int k : new int[] {2, 3}) {
      for (int batch : new int[] {1, 4}) {
        for (int units : new int[] {2, 3}) {
          cases.add(maxout(k, batch, 3 + index % 2, units, 2000 + index++));
        }
      }
    }
    return cases.stream();
  }

  static Case maxout(int k, int batch, int in, int units, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    for (int attempt = 0; attempt < 1000; attempt++) {
      INDArray x = GradientCheck.uniform(rng, -2, 2, batch, in);
      INDArray w = GradientCheck.uniform(rng, -1, 1, in, (long) units * k);
      INDArray b = GradientCheck.uniform(rng, -0.5, 0.5, (long) units * k);
      INDArray z = x.mmul(w).addiRowVector(b);
      if (minTopTwoGap(z, units, k) > KINK_MARGIN) {
        String description =
            String.format("maxout k=%d units=%d input=[%d, %d]", k, units, batch, in);
        return new Case(description, new Maxout(description, w, b, units, k), x, seed);
      }
    }
    throw new IllegalStateException("no tie-free maxout sample for seed " + seed);
  }

  /**
   * BatchNorm in training mode, on [n, features] and [n, c, h, w]. Batch size 1 is degenerate for
   * batch normalisation (the batch variance is 0 and the output is beta whatever the input), and
   * BatchNorm rejects it in training, so these cases use n >= 2.
   */
  public static Stream<Case> batchNorm() {
    return Stream.of(
        batchNorm(new long[] {4, 3}, 3000),
        batchNorm(new long[] {3, 5}, 3001),
        batchNorm(new long[] {2, 3, 2, 2}, 3002),
        batchNorm(new long[] {4, 2, 3, 3}, 3003));
  }

  /**
   * The data come from a stream split off the seed's, not from the seed's own stream, which
   * checkLayer draws R from: with x and R from one stream R would be a multiple of x, which lies in
   * the span of (1, xhat) that batchnorm's input gradient projects out, leaving only roundoff.
   */
  static Case batchNorm(long[] inputShape, long seed) {
    SplittableRandom rng = new SplittableRandom(seed).split();
    INDArray x = GradientCheck.uniform(rng, -2, 2, inputShape);
    INDArray gamma = GradientCheck.uniform(rng, 0.5, 1.5, inputShape[1]);
    INDArray beta = GradientCheck.uniform(rng, -0.5, 0.5, inputShape[1]);
    String description = "batchnorm training input=" + Arrays.toString(inputShape);
    return new Case(description, new BatchNorm(description, gamma, beta, 0.9, 1e-5), x, seed);
  }

  /** An activation on its own, for every activation, on vectors and on images. */
  public static Stream<Case> activationLayer() {
    List<Case> cases = new ArrayList<>();
    long seed = 3200;
    for (ActivationSpec spec : activations()) {
      if (spec.kind() == ActivationKind.SOFTMAX) continue; // only as the output's, with the loss
      for (long[] shape : new long[][] {{3, 4}, {2, 2, 3, 3}}) {
        SplittableRandom rng = new SplittableRandom(seed++).split();
        INDArray x = GradientCheck.uniform(rng, -2, 2, shape);
        String description = "activation " + spec + " input=" + Arrays.toString(shape);
        cases.add(
            new Case(description, new ActivationLayer(description, Activations.of(spec)), x, seed));
      }
    }
    return cases.stream();
  }

  /** LayerNorm over vectors and over whole images, batch sizes 1 and 3. */
  public static Stream<Case> layerNorm() {
    return Stream.of(
        layerNorm(new long[] {1, 5}, 3100),
        layerNorm(new long[] {3, 4}, 3101),
        layerNorm(new long[] {3, 2, 2, 3}, 3102));
  }

  /**
   * Data off a split stream, as for batchnorm: R must not lie in the span the input grad removes.
   */
  static Case layerNorm(long[] inputShape, long seed) {
    SplittableRandom rng = new SplittableRandom(seed).split();
    INDArray x = GradientCheck.uniform(rng, -2, 2, inputShape);
    long[] example = Arrays.copyOfRange(inputShape, 1, inputShape.length);
    INDArray gamma = GradientCheck.uniform(rng, 0.5, 1.5, example);
    INDArray beta = GradientCheck.uniform(rng, -0.5, 0.5, example);
    String description = "layernorm input=" + Arrays.toString(inputShape);
    return new Case(description, new LayerNorm(description, gamma, beta, 1e-5), x, seed);
  }

  /** Dropout with rate 0.5 and a fixed seeded keep mask, so every pass drops the same units. */
  public static Stream<Case> dropout() {
    return Stream.of(
        dropout(new long[] {1, 5}, 4000),
        dropout(new long[] {4, 3}, 4001),
        dropout(new long[] {2, 1, 2, 3}, 4002));
  }

  static Case dropout(long[] inputShape, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    INDArray x = GradientCheck.uniform(rng, -2, 2, inputShape);
    INDArray keep = GradientCheck.uniform(rng, 0, 1, inputShape);
    for (long i = 0; i < keep.length(); i++) keep.putScalar(i, keep.getDouble(i) < 0.5 ? 0 : 1);
    String description = "dropout rate=0.5 fixed mask input=" + Arrays.toString(inputShape);
    return new Case(description, Dropout.withFixedMask(description, 0.5, keep), x, seed);
  }

  /**
   * Residual around dense relu (d to h) then dense tanh (h to d), batch sizes 1 and 4; around dense
   * linear then batchnorm; and a residual nested in a residual (keys qualified twice).
   */
  public static Stream<Case> residual() {
    List<Case> cases = new ArrayList<>();
    int index = 0;
    for (int batch : new int[] {1, 4}) {
      for (boolean bias : new boolean[] {true, false}) {
        cases.add(residualDense(batch, 3 + index % 2, 4, bias, 5000 + index++));
      }
    }
    cases.add(residualBatchNorm(5100));
    cases.add(residualNested(5200));
    return cases.stream();
  }

  static Case residualDense(int batch, int d, int h, boolean bias, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    for (int attempt = 0; attempt < 1000; attempt++) {
      INDArray x = GradientCheck.uniform(rng, -2, 2, batch, d);
      INDArray w1 = GradientCheck.uniform(rng, -1, 1, d, h);
      INDArray b1 = bias ? GradientCheck.uniform(rng, -0.5, 0.5, h) : null;
      INDArray w2 = GradientCheck.uniform(rng, -1, 1, h, d);
      INDArray b2 = bias ? GradientCheck.uniform(rng, -0.5, 0.5, d) : null;
      INDArray z = x.mmul(w1);
      if (b1 != null) z.addiRowVector(b1);
      if (minAbs(z) > KINK_MARGIN) {
        String description =
            String.format(
                "residual [dense relu, dense tanh] bias=%s input=[%d, %d]", bias, batch, d);
        List<Layer> block =
            List.of(
                new Dense("dense_a", w1, b1, activation(ActivationKind.RELU)),
                new Dense("dense_b", w2, b2, activation(ActivationKind.TANH)));
        return new Case(description, new Residual(description, block), x, seed);
      }
    }
    throw new IllegalStateException("no kink-free residual sample for seed " + seed);
  }

  static Case residualBatchNorm(long seed) {
    SplittableRandom rng = new SplittableRandom(seed).split(); // not R's stream, see batchNorm

    INDArray x = GradientCheck.uniform(rng, -2, 2, 4, 3);
    INDArray w = GradientCheck.uniform(rng, -1, 1, 3, 3);
    INDArray gamma = GradientCheck.uniform(rng, 0.5, 1.5, 3);
    INDArray beta = GradientCheck.uniform(rng, -0.5, 0.5, 3);
    List<Layer> block =
        List.of(
            new Dense("dense_a", w, null, activation(ActivationKind.LINEAR)),
            new BatchNorm("batchnorm_b", gamma, beta, 0.9, 1e-5));
    String description = "residual [dense linear, batchnorm] input=[4, 3]";
    return new Case(description, new Residual(description, block), x, seed);
  }

  static Case residualNested(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    INDArray x = GradientCheck.uniform(rng, -2, 2, 4, 3);
    Layer inner =
        new Residual(
            "residual_a",
            List.of(
                new Dense(
                    "dense_b",
                    GradientCheck.uniform(rng, -1, 1, 3, 3),
                    GradientCheck.uniform(rng, -0.5, 0.5, 3),
                    activation(ActivationKind.TANH))));
    Layer after =
        new Dense(
            "dense_c",
            GradientCheck.uniform(rng, -1, 1, 3, 3),
            GradientCheck.uniform(rng, -0.5, 0.5, 3),
            activation(ActivationKind.SIGMOID));
    String description = "residual [residual [dense tanh], dense sigmoid] input=[4, 3]";
    return new Case(description, new Residual(description, List.of(inner, after)), x, seed);
  }

  private static Activation activation(ActivationKind kind) {
    return Activations.of(ActivationSpec.of(kind));
  }

  public static Stream<Case> conv2d() {
    ActivationSpec[] specs = {
      ActivationSpec.of(ActivationKind.TANH),
      ActivationSpec.of(ActivationKind.RELU),
      ActivationSpec.of(ActivationKind.SIGMOID),
      new ActivationSpec(ActivationKind.LEAKY_RELU, 0.01),
      ActivationSpec.of(ActivationKind.LINEAR),
      ActivationSpec.of(ActivationKind.ELU)
    };
    List<Case> cases = new ArrayList<>();
    int index = 0;
    for (int[] stride : new int[][] {{1, 1}, {2, 2}, {2, 1}}) {
      for (Padding padding : Padding.values()) {
        for (boolean bias : new boolean[] {true, false}) {
          for (int batch : new int[] {1, 4}) {
            // with SAME, 6 rows at stride 2 and kernel width 2 need an odd padding (the extra zero
            // row or column goes at the end)
            long[] inputShape =
                index % 3 == 2 ? new long[] {batch, 2, 6, 5} : new long[] {batch, 2, 5, 5};
            int kw = index % 4 == 3 ? 2 : 3;
            ActivationSpec spec = specs[index % specs.length];
            cases.add(conv2d(spec, bias, inputShape, 3, 3, kw, stride, padding, 3000 + index++));
          }
        }
      }
    }
    // one input channel, 1x1 kernel
    cases.add(
        conv2d(
            ActivationSpec.of(ActivationKind.TANH),
            true,
            new long[] {4, 1, 4, 4},
            2,
            1,
            1,
            new int[] {1, 1},
            Padding.VALID,
            3100));
    return cases.stream();
  }

  static Case conv2d(
      ActivationSpec spec,
      boolean bias,
      long[] inputShape,
      int filters,
      int kh,
      int kw,
      int[] stride,
      Padding padding,
      long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    String description =
        String.format(
            "conv2d %s(alpha=%s) bias=%s input=%s filters=%dx%dx%d stride=%dx%d %s",
            spec.specName(),
            spec.alpha(),
            bias,
            Arrays.toString(inputShape),
            filters,
            kh,
            kw,
            stride[0],
            stride[1],
            padding);
    for (int attempt = 0; attempt < 1000; attempt++) {
      INDArray x = GradientCheck.uniform(rng, -2, 2, inputShape);
      INDArray w = GradientCheck.uniform(rng, -1, 1, filters, inputShape[1], kh, kw);
      INDArray b = bias ? GradientCheck.uniform(rng, -0.5, 0.5, filters) : null;
      Conv2d layer =
          new Conv2d(description, w, b, stride[0], stride[1], padding, Activations.of(spec));
      if (minAbs(layer.forward(x).preActivation()) > KINK_MARGIN)
        return new Case(description, layer, x, seed);
    }
    throw new IllegalStateException("no kink-free conv2d sample for seed " + seed);
  }

  public static Stream<Case> maxPool2d() {
    List<Case> cases = new ArrayList<>();
    int index = 0;
    for (int batch : new int[] {1, 4}) {
      // overlapping (kernel 3 stride 2, kernel 2 stride 1, 2x3 stride 1x2) and tiling windows
      cases.add(maxPool2d(new long[] {batch, 2, 7, 7}, 3, 3, 2, 2, 4000 + index++));
      cases.add(maxPool2d(new long[] {batch, 2, 4, 5}, 2, 2, 1, 1, 4000 + index++));
      cases.add(maxPool2d(new long[] {batch, 1, 5, 7}, 2, 3, 1, 2, 4000 + index++));
      cases.add(maxPool2d(new long[] {batch, 3, 4, 4}, 2, 2, 2, 2, 4000 + index++));
    }
    return cases.stream();
  }

  /**
   * Max pooling on a seeded shuffle of distinct values 0.05 apart: no ties, and a perturbation of ε
   * never changes a window's winner, so the check does not cross a kink.
   */
  static Case maxPool2d(long[] inputShape, int kh, int kw, int strideH, int strideW, long seed) {
    String description =
        String.format(
            "maxpool2d input=%s kernel=%dx%d stride=%dx%d",
            Arrays.toString(inputShape), kh, kw, strideH, strideW);
    INDArray x = distinctValues(new SplittableRandom(seed), 0.05, inputShape);
    return new Case(description, new MaxPool2d(description, kh, kw, strideH, strideW), x, seed);
  }

  /** A seeded permutation of step * (i − length / 2), i = 0 .. length − 1: all entries distinct. */
  public static INDArray distinctValues(SplittableRandom rng, double step, long... shape) {
    int length = Math.toIntExact(Arrays.stream(shape).reduce(1, (a, b) -> a * b));
    double[] values = new double[length];
    for (int i = 0; i < length; i++) values[i] = step * (i - length / 2);
    for (int i = length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      double t = values[i];
      values[i] = values[j];
      values[j] = t;
    }
    return Nd4j.createFromArray(values).reshape('c', shape);
  }

  public static Stream<Case> avgPool2d() {
    List<Case> cases = new ArrayList<>();
    int index = 0;
    for (int batch : new int[] {1, 4}) {
      cases.add(avgPool2d(new long[] {batch, 2, 4, 4}, 2, 2, 2, 2, 5000 + index++));
      cases.add(avgPool2d(new long[] {batch, 2, 7, 7}, 3, 3, 2, 2, 5000 + index++));
      cases.add(avgPool2d(new long[] {batch, 1, 4, 5}, 2, 2, 1, 1, 5000 + index++));
      // stride above the kernel: some inputs are in no window and get 0
      cases.add(avgPool2d(new long[] {batch, 2, 7, 8}, 3, 2, 3, 3, 5000 + index++));
    }
    return cases.stream();
  }

  static Case avgPool2d(long[] inputShape, int kh, int kw, int strideH, int strideW, long seed) {
    String description =
        String.format(
            "avgpool2d input=%s kernel=%dx%d stride=%dx%d",
            Arrays.toString(inputShape), kh, kw, strideH, strideW);
    INDArray x = GradientCheck.uniform(new SplittableRandom(seed), -2, 2, inputShape);
    return new Case(description, new AvgPool2d(description, kh, kw, strideH, strideW), x, seed);
  }

  public static Stream<Case> flatten() {
    List<Case> cases = new ArrayList<>();
    long seed = 6000;
    for (long[] shape : new long[][] {{1, 3, 2, 2}, {4, 2, 3, 3}, {4, 5}}) {
      String description = "flatten input=" + Arrays.toString(shape);
      INDArray x = GradientCheck.uniform(new SplittableRandom(seed), -2, 2, shape);
      cases.add(new Case(description, new Flatten(description), x, seed++));
    }
    return cases.stream();
  }

  public static Stream<Case> all() {
    return Stream.of(
            dense(),
            maxout(),
            batchNorm(),
            layerNorm(),
            activationLayer(),
            dropout(),
            residual(),
            conv2d(),
            maxPool2d(),
            avgPool2d(),
            flatten())
        .flatMap(s -> s);
  }

  public static double minAbs(INDArray z) {
    double min = Double.POSITIVE_INFINITY;
    for (long i = 0; i < z.length(); i++) min = Math.min(min, Math.abs(z.getDouble(i)));
    return min;
  }

  /** Smallest gap between the best and second-best piece over all examples and units. */
  public static double minTopTwoGap(INDArray z, int units, int k) {
    double min = Double.POSITIVE_INFINITY;
    for (long n = 0; n < z.rows(); n++) {
      for (int u = 0; u < units; u++) {
        double[] pieces = new double[k];
        for (int j = 0; j < k; j++) pieces[j] = z.getDouble(n, (long) u * k + j);
        Arrays.sort(pieces);
        min = Math.min(min, pieces[k - 1] - pieces[k - 2]);
      }
    }
    return min;
  }
}
