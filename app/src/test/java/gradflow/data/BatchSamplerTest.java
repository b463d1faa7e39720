package gradflow.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class BatchSamplerTest {
  /** Row i holds [i, -i, 0.5 i]; label i % 3, so every row can be traced back to its index. */
  private static Dataset indexed(int n) {
    float[] x = new float[n * 3];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      x[3 * i] = i;
      x[3 * i + 1] = -i;
      x[3 * i + 2] = 0.5f * i;
      labels[i] = i % 3;
    }
    return new Dataset(Nd4j.create(x, new long[] {n, 3}, 'c'), labels, 3);
  }

  @Test
  void coversEveryExampleOncePerEpochWithRightShapes() {
    Dataset data = indexed(23);
    BatchSampler sampler = new BatchSampler(data, 5, 9);
    assertEquals(4, sampler.batchesPerEpoch());
    for (int epoch = 0; epoch < 3; epoch++) {
      List<Integer> seen = new ArrayList<>();
      for (int b = 0; b < 4; b++) {
        Batch batch = sampler.next();
        assertEquals(epoch, batch.epoch());
        assertEquals(epoch, sampler.epoch());
        assertArrayEquals(new long[] {5, 3}, batch.x().shape());
        assertArrayEquals(new long[] {5, 3}, batch.oneHot().shape());
        assertEquals(DataType.FLOAT, batch.x().dataType());
        assertEquals(DataType.FLOAT, batch.oneHot().dataType());
        for (int i = 0; i < 5; i++) {
          int index = (int) batch.x().getFloat(i, 0);
          assertEquals(-index, batch.x().getFloat(i, 1));
          assertEquals(0.5f * index, batch.x().getFloat(i, 2));
          assertEquals(index % 3, batch.labels()[i]);
          float[] expected = new float[3];
          expected[batch.labels()[i]] = 1f;
          assertArrayEquals(expected, batch.oneHot().getRow(i).toFloatVector());
          seen.add(index);
        }
      }
      // 20 distinct examples per epoch; the 3 left over wait for a later epoch.
      assertEquals(20, seen.stream().distinct().count());
    }
  }

  @Test
  void everyExampleOnceWhenBatchDividesSize() {
    BatchSampler sampler = new BatchSampler(indexed(12), 4, 1);
    for (int epoch = 0; epoch < 2; epoch++) {
      int[] seen = new int[12];
      for (int b = 0; b < 3; b++) {
        for (float v : sampler.next().x().getColumn(0).toFloatVector()) {
          seen[(int) v]++;
        }
      }
      int[] ones = new int[12];
      Arrays.fill(ones, 1);
      assertArrayEquals(ones, seen);
    }
  }

  @Test
  void deterministicPerSeedAndReshuffledEachEpoch() {
    Dataset data = indexed(50);
    int[] a = labelsOf(new BatchSampler(data, 10, 7), 10);
    int[] b = labelsOf(new BatchSampler(data, 10, 7), 10);
    int[] c = labelsOf(new BatchSampler(data, 10, 8), 10);
    assertArrayEquals(a, b);
    assertFalse(Arrays.equals(a, c));

    BatchSampler sampler = new BatchSampler(data, 50, 7);
    INDArray first = sampler.next().x();
    INDArray second = sampler.next().x();
    assertFalse(first.equals(second), "epochs should be reshuffled");
  }

  @Test
  void batchLargerThanDatasetUsesWholeDataset() {
    BatchSampler sampler = new BatchSampler(indexed(7), 100, 3);
    assertEquals(7, sampler.batchSize());
    Batch batch = sampler.next();
    assertArrayEquals(new long[] {7, 3}, batch.x().shape());
    assertEquals(1, sampler.next().epoch());
  }

  @Test
  void sliceIsContiguousAndCopied() {
    Dataset data = indexed(10);
    Batch batch = BatchSampler.slice(data, 3, 7);
    assertArrayEquals(new float[] {3, 4, 5, 6}, batch.x().getColumn(0).toFloatVector());
    assertArrayEquals(new int[] {0, 1, 2, 0}, batch.labels());
    assertArrayEquals(new float[] {0, 1, 0}, batch.oneHot().getRow(1).toFloatVector());
    batch.x().addi(100);
    assertEquals(3f, data.features().getFloat(3, 0));
    assertThrows(IllegalArgumentException.class, () -> BatchSampler.slice(data, 5, 11));
  }

  private static int[] labelsOf(BatchSampler sampler, int batches) {
    int[] indexes = new int[0];
    for (int b = 0; b < batches; b++) {
      float[] column = sampler.next().x().getColumn(0).toFloatVector();
      int[] next = new int[indexes.length + column.length];
      System.arraycopy(indexes, 0, next, 0, indexes.length);
      for (int i = 0; i < column.length; i++) {
        next[indexes.length + i] = (int) column[i];
      }
      indexes = next;
    }
    return indexes;
  }
}
