package gradflow.layers;

import gradflow.spec.ActivationKind;
import gradflow.spec.ActivationSpec;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Not a test: times forward + backward of the image layers in float32. Run with the test class
 * path: {@code java -cp app/target/classes:app/target/test-classes:DEPS gradflow.layers.ConvSpeed}.
 */
public final class ConvSpeed {
  private ConvSpeed() {}

  public static void main(String[] args) {
    Nd4j.getRandom().setSeed(1);
    Activation relu = Activations.of(ActivationSpec.of(ActivationKind.RELU));
    time("conv 16x3x3 on [64,1,28,28] VALID", conv(16, 1, relu, Padding.VALID), 64, 1, 28, 28);
    time("conv 16x3x3 on [64,1,28,28] SAME", conv(16, 1, relu, Padding.SAME), 64, 1, 28, 28);
    time("conv 32x3x3 on [64,16,13,13] VALID", conv(32, 16, relu, Padding.VALID), 64, 16, 13, 13);
    time("conv 32x3x3 on [64,16,13,13] SAME", conv(32, 16, relu, Padding.SAME), 64, 16, 13, 13);
    time("maxpool 2x2/2 on [64,16,26,26]", new MaxPool2d("pool", 2, 2, 2, 2), 64, 16, 26, 26);
    time("maxpool 3x3/2 on [64,16,26,26]", new MaxPool2d("pool", 3, 3, 2, 2), 64, 16, 26, 26);
    time("avgpool 2x2/2 on [64,16,26,26]", new AvgPool2d("pool", 2, 2, 2, 2), 64, 16, 26, 26);
    time(
        "conv 3x3x3 on [4,2,5,5] SAME (gradcheck size)",
        conv(3, 2, relu, Padding.SAME),
        4,
        2,
        5,
        5);
  }

  private static Conv2d conv(int out, int in, Activation activation, Padding padding) {
    INDArray w = Nd4j.randn(DataType.FLOAT, out, in, 3, 3).muli(Math.sqrt(2.0 / (in * 9)));
    return new Conv2d("conv", w, Nd4j.zeros(DataType.FLOAT, out), 1, 1, padding, activation);
  }

  private static void time(String label, Layer layer, long... shape) {
    INDArray x = Nd4j.rand(DataType.FLOAT, shape);
    Map<String, INDArray> into = new java.util.LinkedHashMap<>();
    layer.parameters().forEach((k, v) -> into.put(k, v.ulike()));
    double forward = 0;
    double total = 0;
    int warmup = 20;
    int reps = 50;
    for (int i = 0; i < warmup + reps; i++) {
      long t0 = System.nanoTime();
      LayerPass step = layer.forward(x);
      long t1 = System.nanoTime();
      INDArray g = step.output().ulike().assign(1e-3);
      long t2 = System.nanoTime();
      step.backwardInto(g, into);
      long t3 = System.nanoTime();
      if (i >= warmup) {
        forward += (t1 - t0) / 1e6;
        total += (t1 - t0 + t3 - t2) / 1e6;
      }
    }
    System.out.printf(
        "%-48s forward %7.3f ms  forward+backward %7.3f ms%n", label, forward / reps, total / reps);
  }
}
