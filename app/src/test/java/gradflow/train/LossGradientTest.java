package gradflow.train;

import gradflow.layers.GradientCheck;
import gradflow.spec.LossKind;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** dL/d(output) of each loss against finite differences of its value, in double. */
class LossGradientTest {
  @ParameterizedTest(name = "{0} batch={1}")
  @CsvSource({"CROSS_ENTROPY, 1", "CROSS_ENTROPY, 4", "MSE, 1", "MSE, 4"})
  void gradientMatchesFiniteDifferences(LossKind kind, int batch) {
    SplittableRandom rng = new SplittableRandom(31 + batch);
    int classes = 3;
    INDArray logits = GradientCheck.uniform(rng, -3, 3, batch, classes);
    INDArray oneHot = Nd4j.zeros(logits.dataType(), batch, classes);
    for (int i = 0; i < batch; i++) oneHot.putScalar(i, rng.nextInt(classes), 1.0);
    Loss loss = Loss.of(kind);
    INDArray analytic = loss.compute(logits, oneHot).gradOutput();
    GradientCheck.checkArray(
        kind.specName(), "output", logits, analytic, () -> loss.compute(logits, oneHot).value());
  }
}
