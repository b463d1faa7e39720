package gradflow.train;

import gradflow.spec.LossKind;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A loss averaged over the batch, with its gradient dL/d(output).
 *
 * <p>cross_entropy: L = -(1/n) sum_i log softmax(z_i)[y_i], computed from logits as (z - max) - log
 * sum exp(z - max) per row, so huge logits give a huge but finite loss; dL/dz = (softmax(z) -
 * onehot) / n. (ND4J's LogSoftMax op is log(softmax(z)): it gives -inf once a probability
 * underflows, a gap of about 104 in float32, and then -inf * 0 makes the loss NaN.)
 *
 * <p>mse: L = (1/(n c)) sum (z - t)^2, dL/dz = 2 (z - t) / (n c).
 */
public interface Loss {
  Result compute(INDArray output, INDArray oneHot);

  record Result(double value, INDArray gradOutput) {}

  static Loss of(LossKind kind) {
    return switch (kind) {
      case CROSS_ENTROPY -> Loss::crossEntropy;
      case MSE -> Loss::meanSquared;
    };
  }

  private static Result crossEntropy(INDArray logits, INDArray oneHot) {
    long n = logits.rows();
    INDArray shifted = logits.subColumnVector(logits.max(true, 1));
    INDArray logSumExp = Transforms.log(Transforms.exp(shifted, true).sum(true, 1), false);
    INDArray logProbs = shifted.subiColumnVector(logSumExp);
    double value = -logProbs.mul(oneHot).sumNumber().doubleValue() / n;
    INDArray grad = Transforms.exp(logProbs, false).subi(oneHot).divi(n);
    return new Result(value, grad);
  }

  private static Result meanSquared(INDArray output, INDArray target) {
    long count = output.length();
    INDArray diff = output.sub(target);
    double value = diff.norm2Number().doubleValue();
    value = value * value / count;
    return new Result(value, diff.muli(2.0 / count));
  }
}
