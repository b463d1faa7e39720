package gradflow.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code sweep:} section of a spec: for each swept key (see {@link SweepValues#KEYS}) the
 * values it takes, as written, in file order. {@code gradflow compare} runs one variant per
 * combination; the other commands run the spec as written and ignore it.
 *
 * @param values key to its values, in the order written; every value already checked
 */
public record SweepSpec(Map<String, List<String>> values) {
  /** No sweep. */
  public static final SweepSpec NONE = new SweepSpec(Map.of());

  public SweepSpec {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    values.forEach(
        (k, v) -> {
          if (!SweepValues.KEYS.contains(k))
            throw new IllegalArgumentException("unknown sweep key '" + k + "'");
          if (v.isEmpty()) throw new IllegalArgumentException("sweep." + k + " has no values");
          copy.put(k, List.copyOf(v));
        });
    values = Collections.unmodifiableMap(copy);
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  /** The swept keys in file order. */
  public List<String> keys() {
    return new ArrayList<>(values.keySet());
  }

  /** How many variants the sweep makes: the product of the value counts (1 when empty). */
  public long variantCount() {
    long n = 1;
    for (List<String> v : values.values()) n *= v.size();
    return n;
  }
}
