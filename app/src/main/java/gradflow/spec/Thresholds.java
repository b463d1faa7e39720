package gradflow.spec;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** Detector thresholds: the defaults of {@link Threshold} with any overrides applied. */
public final class Thresholds {
  private final EnumMap<Threshold, Double> values;

  private Thresholds(EnumMap<Threshold, Double> values) {
    this.values = values;
  }

  public static Thresholds defaults() {
    EnumMap<Threshold, Double> values = new EnumMap<>(Threshold.class);
    for (Threshold t : Threshold.values()) values.put(t, t.defaultValue());
    return new Thresholds(values);
  }

  public double get(Threshold threshold) {
    return values.get(threshold);
  }

  /** A copy with one value replaced; values must be finite and non-negative. */
  public Thresholds with(Threshold threshold, double value) {
    if (!Double.isFinite(value) || value < 0)
      throw new IllegalArgumentException(
          threshold.key() + " must be a finite number >= 0, found " + value);
    EnumMap<Threshold, Double> copy = new EnumMap<>(values);
    copy.put(threshold, value);
    return new Thresholds(copy);
  }

  public Map<Threshold, Double> asMap() {
    return Collections.unmodifiableMap(values);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Thresholds other && values.equals(other.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
