package gradflow.spec;

import java.util.Locale;

/** Activations gradflow knows; the spec spells them in lower snake case. */
public enum ActivationKind {
  SIGMOID,
  TANH,
  RELU,
  LEAKY_RELU,
  ELU,
  SELU,
  SWISH,
  GELU,
  LINEAR,
  SOFTMAX;

  public String specName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
