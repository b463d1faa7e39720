package gradflow.train;

import org.nd4j.linalg.factory.Nd4j;

/**
 * The thread count of the matrix products. The OpenBLAS that ND4J ships is built with OpenMP, so it
 * takes its count from OMP_NUM_THREADS, which the launcher sets to 1 for ND4J's element-wise ops
 * (faster on one thread at these sizes): the gemms ran on one core whatever OPENBLAS_NUM_THREADS
 * said. This sets OpenBLAS's own count to OPENBLAS_NUM_THREADS (when it is a positive number), else
 * to the number of cores: 128x1024x1024 sgemm went from 33 to 50 GFLOP/s on 2 vCPUs. OpenBLAS
 * splits a product over rows and columns, never along the summed axis, so each entry is summed in
 * the same order on any number of threads and the numbers do not change.
 */
public final class BlasThreads {
  private static boolean configured;

  private BlasThreads() {}

  /** Applies the count once per process; later calls do nothing. */
  public static synchronized void configure() {
    if (configured) return;
    configured = true;
    int threads = parse(System.getenv("OPENBLAS_NUM_THREADS"));
    if (threads < 1) threads = Runtime.getRuntime().availableProcessors();
    Nd4j.factory().blas().setMaxThreads(threads);
  }

  /** A positive count, or 0 when {@code value} is absent or not one. */
  static int parse(String value) {
    if (value == null) return 0;
    try {
      return Math.max(0, Integer.parseInt(value.trim()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
