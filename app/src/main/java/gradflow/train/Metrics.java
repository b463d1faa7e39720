package gradflow.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Classification metrics on network outputs (logits or scores). */
public final class Metrics {
  private Metrics() {}

  /** Share of rows whose argmax equals the label; ties go to the lowest class index. */
  public static double accuracy(INDArray output, int[] labels) {
    long[] predicted = Nd4j.argMax(output, 1).toLongVector();
    int correct = 0;
    for (int i = 0; i < labels.length; i++) if (predicted[i] == labels[i]) correct++;
    return labels.length == 0 ? Double.NaN : (double) correct / labels.length;
  }
}
