package gradflow.data;

import gradflow.nd.HostArrays;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Endless stream of equally sized mini-batches, drawn without replacement from a seeded permutation
 * that is reshuffled at each epoch. When fewer than {@code batchSize} examples remain in an epoch
 * they are skipped and the next epoch starts, so every batch has the same size (a short last batch
 * would give its examples a larger weight in the gradient) and no batch mixes two epochs. A {@code
 * batchSize} above the dataset size is reduced to the dataset size.
 */
public final class BatchSampler {
  private final Dataset data;
  private final int batchSize;
  private final SplittableRandom random;
  private final int[] order;
  private final float[] oneHotBuffer;
  private int position;
  private int epoch;

  public BatchSampler(Dataset data, int batchSize, long seed) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, found " + batchSize);
    }
    if (data.size() == 0) {
      throw new DataException("cannot draw batches from an empty dataset");
    }
    this.data = data;
    this.batchSize = Math.min(batchSize, data.size());
    this.random = new SplittableRandom(seed);
    this.order = new int[data.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    SyntheticData.shuffle(order, random);
    this.oneHotBuffer = new float[this.batchSize * data.classes()];
  }

  /** The next batch; starts a new, reshuffled epoch when the current one cannot fill it. */
  public Batch next() {
    if (position + batchSize > order.length) {
      SyntheticData.shuffle(order, random);
      position = 0;
      epoch++;
    }
    int[] rows = Arrays.copyOfRange(order, position, position + batchSize);
    position += batchSize;
    INDArray x = Nd4j.pullRows(data.features(), 1, rows);
    int[] labels = new int[batchSize];
    for (int i = 0; i < batchSize; i++) {
      labels[i] = data.labels()[rows[i]];
    }
    return new Batch(x, labels, oneHot(labels), epoch);
  }

  /** The 0-based epoch of the batch {@link #next()} returned last (0 before the first). */
  public int epoch() {
    return epoch;
  }

  /** The size of every batch: the requested size, or the dataset size if that is smaller. */
  public int batchSize() {
    return batchSize;
  }

  /** Full batches per epoch; the remaining {@code size % batchSize} examples wait a turn. */
  public int batchesPerEpoch() {
    return order.length / batchSize;
  }

  /** Rows [from, to) in dataset order, copied: for evaluating a test set in chunks. */
  public static Batch slice(Dataset d, int from, int to) {
    if (from < 0 || to > d.size() || from >= to) {
      throw new IllegalArgumentException(
          "slice [" + from + ", " + to + ") is empty or outside [0, " + d.size() + ")");
    }
    INDArray x = d.features().get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).dup('c');
    int[] labels = Arrays.copyOfRange(d.labels(), from, to);
    float[] buffer = new float[labels.length * d.classes()];
    return new Batch(x, labels, oneHot(labels, d.classes(), buffer), 0);
  }

  private INDArray oneHot(int[] labels) {
    return oneHot(labels, data.classes(), oneHotBuffer);
  }

  /** Fills {@code buffer} (reused between batches) and copies it into a fresh array. */
  private static INDArray oneHot(int[] labels, int classes, float[] buffer) {
    Arrays.fill(buffer, 0f);
    for (int i = 0; i < labels.length; i++) {
      buffer[i * classes + labels[i]] = 1f;
    }
    return HostArrays.of(buffer, labels.length, classes);
  }
}
