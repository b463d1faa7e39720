package gradflow.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradflow.spec.OptimizerSpec;
import gradflow.train.Optimizer;
import gradflow.train.ParameterSums;
import gradflow.train.TwoThreads;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The statistics from the optimizer's fused pass (ParameterSums) are the same bits as the probe's
 * own passes over the gradient, weights and update (FastStats), so a report does not depend on
 * which pass measured.
 */
class FusedSumsTest {
  private static final int W = TwoThreads.MIN_PARALLEL + 70_001; // several chunks and a tail
  private static final int B = 1_000;

  private static Map<String, INDArray> views(INDArray flat) {
    Map<String, INDArray> views = new LinkedHashMap<>();
    views.put("dense_1.W", flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(0, W)));
    views.put("dense_1.b", flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(W, W + B)));
    return views;
  }

  @Test
  void optimizerSumsEqualTheProbesOwnPasses() {
    Nd4j.getRandom().setSeed(11);
    INDArray params = Nd4j.randn(DataType.FLOAT, 1, W + B);
    INDArray grads = Nd4j.randn(DataType.FLOAT, 1, W + B).muli(1e-3);
    grads.putScalar(0, 5, 0f);
    Map<String, INDArray> p = views(params);
    Map<String, INDArray> g = views(grads);
    ParameterSums sums = ParameterSums.tiling(p, params);
    Optimizer optimizer = new Optimizer(OptimizerSpec.adam(0.001), params);
    for (int step = 0; step < 2; step++) {
      INDArray update = optimizer.computeUpdate(grads, step, sums);
      assertTrue(sums.filled(), "unclipped float32 Adam over a large net fills the sums");
      for (String name : p.keySet()) {
        long n = p.get(name).length();
        INDArray u = views(update).get(name);
        assertEquals(
            FastStats.magnitudes(g.get(name)), FastStats.magnitudes(sums.gradChunks(name), n));
        double[] own = FastStats.meanAbsPair(p.get(name), u);
        double[] fused = FastStats.meanAbsPair(sums.weightUpdateChunks(name), n);
        assertEquals(own[0], fused[0], 0.0, name + " mean |w|");
        assertEquals(own[1], fused[1], 0.0, name + " mean |update|");
      }
      params.subi(update);
    }
  }

  @Test
  void clippedOrSmallOptimizersLeaveTheSumsUnfilled() {
    INDArray params = Nd4j.randn(DataType.FLOAT, 1, W + B);
    ParameterSums sums = ParameterSums.tiling(views(params), params);
    OptimizerSpec clipped =
        new OptimizerSpec(OptimizerSpec.Kind.ADAM, 0.001, 0.9, 0.9, 0.999, 1e-8, 1.0, 0);
    new Optimizer(clipped, params).computeUpdate(params.dup(), 0, sums);
    assertFalse(sums.filled(), "the clipped gradient is not the gradient the probe reports");
    INDArray small = Nd4j.randn(DataType.FLOAT, 1, 100);
    Map<String, INDArray> one =
        Map.of("d.W", small.get(NDArrayIndex.point(0), NDArrayIndex.interval(0, 100)));
    ParameterSums smallSums = ParameterSums.tiling(one, small);
    new Optimizer(OptimizerSpec.adam(0.001), small).computeUpdate(small.dup(), 0, smallSums);
    assertFalse(smallSums.filled(), "small nets keep ND4J's op and the probe's own passes");
  }

  @Test
  void viewsThatDoNotTileTheBufferGiveNoSums() {
    INDArray params = Nd4j.zeros(DataType.FLOAT, 1, W + B);
    Map<String, INDArray> gap = new LinkedHashMap<>(views(params));
    gap.remove("dense_1.W");
    assertNull(ParameterSums.tiling(gap, params));
  }
}
