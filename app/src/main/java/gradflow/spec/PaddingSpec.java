package gradflow.spec;

import java.util.Locale;

/**
 * How a convolution treats the border. VALID: no padding, out = floor((in - k) / s) + 1. SAME: zero
 * padding so that out = ceil(in / s), split evenly with the extra pixel after (as TensorFlow).
 */
public enum PaddingSpec {
  VALID,
  SAME;

  public String specName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
