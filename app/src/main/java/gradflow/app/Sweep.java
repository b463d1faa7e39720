package gradflow.app;

import gradflow.spec.NetworkSpec;
import gradflow.spec.SweepValues;
import gradflow.text.DidYouMean;
import java.util.ArrayList;
import java.util.List;

/**
 * One sweep: a spec field and the values it takes, one variant each. It comes from {@code --sweep
 * KEY=V1,V2,...} or from the spec's {@code sweep:}; the keys and the value checks are {@link
 * SweepValues}'s, shared with the spec reader.
 */
public record Sweep(String key, List<String> values) {
  public static final List<String> KEYS = SweepValues.KEYS;

  /** Parses and checks {@code KEY=V1,V2,...}; every value is checked before anything trains. */
  public static Sweep parse(String text) {
    int eq = text.indexOf('=');
    if (eq < 0) throw new UsageError("--sweep takes KEY=V1,V2,..., found '" + text + "'");
    String key = text.substring(0, eq).trim();
    if (!KEYS.contains(key)) {
      throw new UsageError(
          "--sweep: unknown key '"
              + key
              + "'"
              + DidYouMean.suggestion(key, KEYS)
              + "; known keys: "
              + String.join(", ", KEYS));
    }
    List<String> values = new ArrayList<>();
    for (String v : text.substring(eq + 1).split(",", -1)) values.add(v.trim());
    if (values.stream().anyMatch(String::isEmpty))
      throw new UsageError("--sweep " + key + ": empty value in '" + text.substring(eq + 1) + "'");
    if (values.stream().distinct().count() != values.size())
      throw new UsageError("--sweep " + key + ": a value is repeated in '" + text + "'");
    for (String v : values) {
      SweepValues.Problem p = SweepValues.check(key, v);
      if (p != null)
        throw new UsageError(
            "--sweep " + key + ": " + p.message() + (p.hint() == null ? "" : "; " + p.hint()));
    }
    return new Sweep(key, List.copyOf(values));
  }

  /** {@code spec} with this sweep's field set to {@code value} (already checked). */
  public NetworkSpec apply(NetworkSpec spec, String value) {
    String unchangeable = SweepValues.unchangeable(spec, key);
    if (unchangeable != null)
      throw new UsageError(
          "--sweep " + key + ": " + unchangeable.replace("the spec", spec.source()));
    return SweepValues.apply(spec, key, value);
  }
}
