package gradflow.app;

import gradflow.spec.NetworkSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs several analyses on a fixed pool of {@code jobs} threads. Each run is deterministic on its
 * own (all randomness comes from its spec's seed, and every run owns its arrays), so the reports do
 * not depend on the number of jobs; they come back in the order of the specs.
 */
public final class Comparer {
  private Comparer() {}

  /**
   * One variant to analyse: the spec with every override and sweep value applied, and its outputs
   * (made for this variant alone: a TensorBoard run folder, say).
   */
  public record Job(NetworkSpec spec, String specSha256, List<RunSink> sinks) {}

  /**
   * Analyses every job, calling {@code onFinished} with the number of finished jobs after each one
   * (from the worker's thread), and judges each with {@code gate}. The runs stop early once {@code
   * options.stop()} is true: jobs not yet started are skipped (null in the list), running ones stop
   * at their next step (interrupted), and finished ones keep their result. The first failure, in
   * job order, is rethrown as is when it is unchecked, after the other runs were cancelled.
   */
  public static List<JudgedRun> run(
      List<Job> jobs, AnalyzeOptions options, Gate gate, int threads, IntConsumer onFinished) {
    if (threads < 1)
      throw new IllegalArgumentException("jobs must be at least 1, found " + threads);
    int workers = Math.min(threads, Math.max(1, jobs.size()));
    // Several runs at once, each with a multi-threaded BLAS, oversubscribe the cores: measured on
    // 2 cores, 2 jobs ran 10% faster with one BLAS thread each. gemm splits its output, not its
    // sums, across threads, so the numbers do not change.
    Blas blas = Nd4j.factory().blas();
    int blasThreads = blas.getMaxThreads();
    if (workers > 1)
      blas.setMaxThreads(Math.max(1, Runtime.getRuntime().availableProcessors() / workers));
    AtomicInteger counter = new AtomicInteger();
    AtomicInteger finished = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            workers,
            r -> {
              Thread t = new Thread(r, "gradflow-compare-" + counter.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<JudgedRun>> futures = new ArrayList<>();
      for (Job job : jobs)
        futures.add(
            pool.submit(
                () -> {
                  if (options.stop().getAsBoolean()) return null;
                  JudgedRun run =
                      Analyzer.run(job.spec(), job.specSha256(), options, gate, job.sinks());
                  onFinished.accept(finished.incrementAndGet());
                  return run;
                }));
      List<JudgedRun> runs = new ArrayList<>();
      for (Future<JudgedRun> f : futures) runs.add(get(f));
      return runs;
    } finally {
      pool.shutdownNow();
      blas.setMaxThreads(blasThreads);
    }
  }

  private static JudgedRun get(Future<JudgedRun> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a variant", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) throw r;
      if (cause instanceof Error err) throw err;
      if (cause instanceof IOException io) throw new UncheckedIOException(io);
      throw new IllegalStateException(cause);
    }
  }
}
