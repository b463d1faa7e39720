package gradflow.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class BlasThreadsTest {
  @Test
  void onlyAPositiveNumberIsACount() {
    assertEquals(3, BlasThreads.parse(" 3 "));
    assertEquals(0, BlasThreads.parse(null));
    assertEquals(0, BlasThreads.parse("two"));
    assertEquals(0, BlasThreads.parse("-4"));
  }

  @Test
  void theMatrixProductsGetMoreThanTheOneThreadOfOmpNumThreads() {
    BlasThreads.configure();
    int expected = BlasThreads.parse(System.getenv("OPENBLAS_NUM_THREADS"));
    if (expected < 1) expected = Runtime.getRuntime().availableProcessors();
    assertEquals(expected, Nd4j.factory().blas().getMaxThreads());
  }
}
