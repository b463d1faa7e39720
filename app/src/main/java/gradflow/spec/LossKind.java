package gradflow.spec;

import java.util.Locale;

/** cross_entropy: softmax over the last layer's logits; mse: mean squared error to one-hot. */
public enum LossKind {
  CROSS_ENTROPY,
  MSE;

  public String specName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
