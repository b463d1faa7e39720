package gradflow.train;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Runs the chunks of one large element-wise pass on both cores: worker 0 takes the even chunks,
 * worker 1 the odd ones, so each chunk's result lands in its own slot and callers combine them in
 * chunk order (deterministic). ND4J's own ops stay on one thread (OMP_NUM_THREADS=1, see the
 * launcher): there the wake-ups cost more than the split gains on small arrays.
 */
public final class TwoThreads {
  /** Below this many elements a pass runs on the caller's thread: a hand-off costs ~20 us. */
  public static final int MIN_PARALLEL = 1 << 17;

  private static final ExecutorService POOL =
      Executors.newFixedThreadPool(
          2,
          r -> {
            Thread t = new Thread(r, "gradflow-chunks");
            t.setDaemon(true);
            return t;
          });

  private TwoThreads() {}

  /**
   * Calls {@code chunk} once for each of 0..chunks-1; split over two threads when elements is
   * large.
   */
  public static void forEachChunk(int chunks, long elements, IntConsumer chunk) {
    if (elements < MIN_PARALLEL || chunks < 2) {
      for (int c = 0; c < chunks; c++) chunk.accept(c);
      return;
    }
    List<Future<?>> futures = new ArrayList<>(2);
    for (int worker = 0; worker < 2; worker++) {
      int first = worker;
      futures.add(
          POOL.submit(
              () -> {
                for (int c = first; c < chunks; c += 2) chunk.accept(c);
              }));
    }
    try {
      for (Future<?> f : futures) f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during a parallel pass", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }
}
