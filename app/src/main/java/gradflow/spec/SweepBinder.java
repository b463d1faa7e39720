package gradflow.spec;

import gradflow.spec.SpecNode.Entry;
import gradflow.spec.SpecNode.ListNode;
import gradflow.spec.SpecNode.MapNode;
import gradflow.spec.SpecNode.ScalarNode;
import gradflow.spec.SpecNode.ScalarType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binds {@code sweep: {KEY: [V1, V2, ...], ...}}: the keys of {@link SweepValues#KEYS}, each with a
 * non-empty list of distinct scalar values, every value checked by {@link SweepValues#check} and
 * reported at the value itself.
 */
final class SweepBinder {
  private static final String PATH = "sweep";
  private static final String HINT = "write sweep: {activation: [sigmoid, relu], seed: [1, 2, 3]}";

  private final Problems problems;

  SweepBinder(Problems problems) {
    this.problems = problems;
  }

  /**
   * The sweep, or {@link SweepSpec#NONE} after reporting. {@code layers} (null when they did not
   * bind) lets an activation or init sweep with nothing to change be reported at its key.
   */
  SweepSpec bind(SpecNode value, List<LayerSpec> layers) {
    if (!(value instanceof MapNode map)) {
      problems.at(
          value, "", "sweep must be a map of key to values, found " + value.describe(), HINT);
      return SweepSpec.NONE;
    }
    int before = problems.size();
    MapFields f = new MapFields(map, PATH, "", SweepValues.KEYS, problems);
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (Entry e : map.entries()) {
      if (f.get(e.key()) != e.value()) continue; // unknown or duplicate: already reported
      List<String> list = values(e.key(), e.value());
      if (list != null) values.put(e.key(), list);
      String unchangeable = layers == null ? null : SweepValues.unchangeable(layers, e.key());
      if (unchangeable != null)
        problems.atKey(
            e,
            PATH,
            "cannot sweep " + e.key() + ": " + unchangeable,
            "remove " + e.key() + " from the sweep");
    }
    return problems.size() == before ? new SweepSpec(values) : SweepSpec.NONE;
  }

  /** The checked values of one key, or null after reporting. */
  private List<String> values(String key, SpecNode value) {
    String hint = "write " + key + ": [" + example(key) + "]";
    if (!(value instanceof ListNode list)) {
      problems.at(value, PATH, key + " must be a list of values, found " + value.describe(), hint);
      return null;
    }
    if (list.items().isEmpty()) {
      problems.at(value, PATH, key + " must list at least one value, found []", hint);
      return null;
    }
    int before = problems.size();
    List<String> result = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (SpecNode item : list.items()) {
      String text = scalar(item);
      if (text == null) {
        problems.at(
            item,
            PATH,
            key + " values must be plain values, found " + item.describe(),
            key.equals("activation") ? "write leaky_relu:0.01 for an alpha" : hint);
      } else if (!seen.add(text)) {
        problems.at(item, PATH, key + " value '" + text + "' is repeated", "list each value once");
      } else {
        SweepValues.Problem p = SweepValues.check(key, text);
        if (p != null) problems.at(item, PATH, p.message(), p.hint());
        result.add(text);
      }
    }
    return problems.size() == before ? result : null;
  }

  /** The value as text (integers normalised: 0x10 is 16), or null for a map, list or null. */
  private static String scalar(SpecNode item) {
    if (!(item instanceof ScalarNode s) || s.type() == ScalarType.NULL) return null;
    return s.type() == ScalarType.INTEGER ? s.integer().toString() : s.text();
  }

  private static String example(String key) {
    return switch (key) {
      case "activation" -> "sigmoid, relu, leaky_relu:0.01";
      case "init" -> "xavier_uniform, he_normal";
      case "lr" -> "0.01, 0.001";
      case "seed" -> "1, 2, 3";
      default -> "10, 20";
    };
  }
}
