package gradflow.layers;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inverted dropout (Srivastava et al., 2014): in training y = x * mask, where each entry of the
 * mask is 0 with probability {@code rate} and 1 / (1 - rate) otherwise, so E[y] = x; at inference y
 * = x. Backward: dL/dx = dL/dy * mask (dL/dy at inference). Shapes: y is shaped like x, any rank.
 * No parameters.
 *
 * <p>Seeded and deterministic: the mask of training pass i ({@link ForwardContext#pass()}, the
 * training step) comes from a {@link SplittableRandom} seeded from (seed, i), drawing one uniform
 * per entry in 'c' order and dropping the entry when it is below {@code rate}. The same seed and
 * pass thus give the same mask whatever else draws random numbers, and replaying a pass (finite
 * differences) replays its mask. The layer keeps no count of its calls.
 */
public final class Dropout implements Layer {
  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

  private final String name;
  private final double rate;
  private final long seed;

  /** A fixed 0/1 keep mask (gradient checks), or null to draw masks from the seed. */
  private final INDArray fixedKeep;

  public Dropout(String name, double rate, long seed) {
    this(name, rate, seed, null);
  }

  private Dropout(String name, double rate, long seed, INDArray fixedKeep) {
    if (!(rate >= 0 && rate < 1))
      throw new IllegalArgumentException(name + ": rate must be in [0, 1), found " + rate);
    this.name = name;
    this.rate = rate;
    this.seed = seed;
    this.fixedKeep = fixedKeep;
  }

  /**
   * A dropout layer that applies the same mask in every training pass: {@code keep} holds 1 for a
   * kept entry and 0 for a dropped one, shaped like the input [n, ...]; kept entries are scaled by
   * 1 / (1 - rate). For gradient checks, where every forward pass must drop the same units.
   */
  public static Dropout withFixedMask(String name, double rate, INDArray keep) {
    for (long i = 0; i < keep.length(); i++) {
      double v = keep.getDouble(i);
      if (v != 0 && v != 1)
        throw new IllegalArgumentException(
            name + ": a keep mask holds 0 or 1, found " + v + " at " + i);
    }
    try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      return new Dropout(name, rate, 0, keep.dup()); // kept across steps: outside any workspace
    }
  }

  @Override
  public String name() {
    return name;
  }

  public double rate() {
    return rate;
  }

  public long seed() {
    return seed;
  }

  @Override
  public long[] outputShape(long[] inputShape) {
    return inputShape.clone();
  }

  @Override
  public Map<String, INDArray> parameters() {
    return Map.of();
  }

  @Override
  public DropoutPass forward(INDArray input) {
    return forward(input, ForwardContext.training(0));
  }

  @Override
  public DropoutPass forward(INDArray input, ForwardContext context) {
    if (!context.training()) return new DropoutPass(input.dup(), null);
    INDArray mask =
        fixedKeep == null
            ? sampleMask(input.shape(), input.dataType(), context.pass())
            : fixed(input);
    return new DropoutPass(input.mul(mask), mask);
  }

  /** The scaled mask of training pass {@code pass}: 0 or 1 / (1 - rate) per entry. */
  public INDArray sampleMask(long[] shape, DataType dataType, long pass) {
    SplittableRandom rng = new SplittableRandom(streamSeed(seed, pass));
    double scale = 1 / (1 - rate);
    long length = 1;
    for (long d : shape) length *= d;
    double[] values = new double[Math.toIntExact(length)];
    for (int i = 0; i < values.length; i++) values[i] = rng.nextDouble() < rate ? 0 : scale;
    return Nd4j.createFromArray(values).castTo(dataType).reshape('c', shape);
  }

  private INDArray fixed(INDArray input) {
    if (!Arrays.equals(fixedKeep.shape(), input.shape()))
      throw new IllegalArgumentException(
          name
              + ": fixed mask "
              + Arrays.toString(fixedKeep.shape())
              + " does not match input "
              + Arrays.toString(input.shape()));
    return fixedKeep.castTo(input.dataType()).mul(1 / (1 - rate));
  }

  /**
   * Seed of pass {@code pass}'s generator: both numbers pass through SplittableRandom's 64-bit mix,
   * so neighbouring passes get unrelated streams rather than shifted copies of one stream.
   */
  static long streamSeed(long seed, long pass) {
    return mix64(seed ^ mix64(pass + GOLDEN_GAMMA));
  }

  /** Stafford's variant 13 of the MurmurHash3 finaliser, as SplittableRandom uses it. */
  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** Saved state of one pass: the scaled mask (training) or nothing (inference). */
  public final class DropoutPass implements LayerPass {
    private final INDArray y;
    private final INDArray mask;

    private DropoutPass(INDArray y, INDArray mask) {
      this.y = y;
      this.mask = mask;
    }

    @Override
    public INDArray output() {
      return y;
    }

    /** The scaled mask (0 or 1 / (1 - rate) per entry) of a training pass; empty at inference. */
    public Optional<INDArray> mask() {
      return Optional.ofNullable(mask);
    }

    @Override
    public Map<String, INDArray> parameters() {
      return Dropout.this.parameters();
    }

    @Override
    public INDArray backwardInto(INDArray gradOutput, Map<String, INDArray> into) {
      Gradients.requireShape(name, gradOutput, y);
      return mask == null ? gradOutput.dup() : gradOutput.mul(mask);
    }
  }
}
