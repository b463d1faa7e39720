package gradflow.spec;

import java.util.Locale;

/**
 * Activations gradflow knows; the spec spells them in lower snake case. {@link #EXPR} is a formula
 * in x written in the spec ({@code {expr: "exp(-x^2)"}}), kept in {@link ActivationSpec#expr()}.
 */
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
  SOFTMAX,
  EXPR;

  public String specName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
