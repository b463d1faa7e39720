package gradflow.spec;

import gradflow.spec.SpecNode.Entry;
import gradflow.spec.SpecNode.MapNode;
import gradflow.spec.SpecNode.ScalarNode;
import gradflow.spec.SpecNode.ScalarType;
import gradflow.text.DidYouMean;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed, located access to one mapping of the spec. Construction reports unknown and duplicate keys
 * (with did-you-mean); each getter reports a wrong type or a value out of range at the value itself
 * and returns the default, so binding continues and every problem is found in one run.
 */
final class MapFields {
  private final MapNode node;
  private final String path;
  private final String prefix;
  private final Problems problems;
  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private final Set<String> suggested = new HashSet<>();

  /**
   * @param path where the map is, for messages ("layers[2] (dense)", "optimizer")
   * @param prefix prepended to key names in messages ("init.uniform."), may be empty
   * @param allowed the keys this map may have, in the order the user should read them
   */
  MapFields(MapNode node, String path, String prefix, List<String> allowed, Problems problems) {
    this.node = node;
    this.path = path;
    this.prefix = prefix;
    this.problems = problems;
    Set<String> seen = new HashSet<>();
    for (Entry e : node.entries()) {
      if (!seen.add(e.key())) {
        problems.atKey(e, path, "duplicate key '" + prefix + e.key() + "'", "keep only one");
      } else if (!allowed.contains(e.key())) {
        String message = unknownMessage("key", prefix + e.key(), e.key(), allowed);
        problems.atKey(e, path, message, allowedHint(allowed));
        suggested.add(DidYouMean.closest(e.key(), allowed));
      } else {
        entries.put(e.key(), e);
      }
    }
  }

  /** "unknown key 'unit'; did you mean 'units'?" or, when nothing is close, just the first part. */
  static String unknownMessage(String what, String shown, String typed, List<String> allowed) {
    return "unknown " + what + " '" + shown + "'" + DidYouMean.suggestion(typed, allowed);
  }

  static String allowedHint(List<String> allowed) {
    if (allowed.isEmpty()) return "this map takes no keys";
    return "allowed: " + String.join(", ", allowed);
  }

  MapNode node() {
    return node;
  }

  String path() {
    return path;
  }

  Problems problems() {
    return problems;
  }

  boolean has(String key) {
    return entries.containsKey(key);
  }

  /** The value under a known key, or null when absent. */
  SpecNode get(String key) {
    Entry e = entries.get(key);
    return e == null ? null : e.value();
  }

  Entry entry(String key) {
    return entries.get(key);
  }

  /**
   * The value, or null after reporting that the key is missing (at the map). A misspelling already
   * reported with this key as its suggestion says enough, so that stays the only problem.
   */
  SpecNode require(String key, String hint) {
    SpecNode value = get(key);
    if (value == null && !suggested.contains(key)) {
      problems.at(node, path, "missing required key '" + prefix + key + "'", hint);
    }
    return value;
  }

  /** Reports a problem at this key's value (or at the map if absent). */
  void problemAt(String key, String message, String hint) {
    SpecNode value = get(key);
    problems.at(value != null ? value : node, path, message, hint);
  }

  int integer(String key, int defaultValue, int min, String hint) {
    SpecNode value = get(key);
    return value == null ? defaultValue : integer(value, key, defaultValue, min, hint);
  }

  int requiredInteger(String key, int min, String hint) {
    SpecNode value = require(key, null);
    return value == null ? min : integer(value, key, min, min, hint);
  }

  /** The whole number at {@code value}, named {@code key} in messages, or the fallback. */
  int integer(SpecNode value, String key, int fallback, int min, String hint) {
    Long n = longValue(value, key);
    if (n == null) return fallback;
    if (n < min || n > Integer.MAX_VALUE) {
      String bound = n < min ? "at least " + min : "at most " + Integer.MAX_VALUE;
      problems.at(value, path, prefix + key + " must be " + bound + ", found " + text(value), hint);
      return fallback;
    }
    return n.intValue();
  }

  long longInteger(String key, long defaultValue) {
    SpecNode value = get(key);
    if (value == null) return defaultValue;
    Long n = longValue(value, key);
    return n == null ? defaultValue : n;
  }

  /** A whole number (10.0 counts), or null after reporting what was found instead. */
  private Long longValue(SpecNode value, String key) {
    if (value instanceof ScalarNode s && s.isNumber()) {
      BigInteger whole = s.integer();
      if (whole == null && Double.isFinite(s.number()) && s.number() == Math.rint(s.number())) {
        whole = java.math.BigDecimal.valueOf(s.number()).toBigInteger();
      }
      if (whole != null && whole.bitLength() < 64) return whole.longValue();
      if (whole != null) {
        problems.at(value, path, prefix + key + " is out of range, found " + s.text(), null);
        return null;
      }
      if (Double.isNaN(s.number()) || !Character.isDigit(s.text().charAt(s.text().length() - 1))) {
        // .nan, .inf, JSON NaN / Infinity: say what is wrong with them, not just "not an integer"
        problems.at(
            value, path, prefix + key + " must be a finite number, found " + s.text(), null);
        return null;
      }
    }
    problems.at(value, path, prefix + key + " must be an integer, found " + value.describe(), null);
    return null;
  }

  /** A finite number at least {@code min} (inclusive), or the default after reporting. */
  double number(String key, double defaultValue, double min, String hint) {
    SpecNode value = get(key);
    if (value == null) return defaultValue;
    Double n = finite(value, prefix + key);
    if (n == null) return defaultValue;
    if (n < min) {
      problems.at(
          value,
          path,
          prefix + key + " must be at least " + fmt(min) + ", found " + text(value),
          hint);
      return defaultValue;
    }
    return n;
  }

  /** A finite number greater than 0, or the default after reporting. */
  double positive(String key, double defaultValue, String hint) {
    double v = number(key, defaultValue, 0, hint);
    if (v == 0 && has(key)) {
      problemAt(key, prefix + key + " must be greater than 0, found " + text(get(key)), hint);
      return defaultValue;
    }
    return v;
  }

  /** A finite number in [0, 1), or the default after reporting. */
  double belowOne(String key, double defaultValue, String hint) {
    double v = number(key, defaultValue, 0, hint);
    if (v >= 1) {
      problemAt(key, prefix + key + " must be below 1, found " + text(get(key)), hint);
      return defaultValue;
    }
    return v;
  }

  /** Any finite number; null after reporting. */
  Double finite(SpecNode value, String name) {
    if (value instanceof ScalarNode s && s.isNumber()) {
      if (Double.isFinite(s.number())) return s.number();
      problems.at(value, path, name + " must be a finite number, found " + s.text(), null);
      return null;
    }
    problems.at(value, path, name + " must be a number, found " + value.describe(), null);
    return null;
  }

  boolean bool(String key, boolean defaultValue) {
    SpecNode value = get(key);
    if (value == null) return defaultValue;
    if (value instanceof ScalarNode s && s.type() == ScalarType.BOOLEAN) {
      return s.number() != 0; // the parser stores true as 1, so YAML 1.1's yes/on count
    }
    problems.at(
        value, path, prefix + key + " must be true or false, found " + value.describe(), null);
    return defaultValue;
  }

  /** Text of a scalar (numbers as written); null after reporting a map, list or null. */
  String text(String key, String defaultValue) {
    SpecNode value = get(key);
    if (value == null) return defaultValue;
    if (value instanceof ScalarNode s && s.type() != ScalarType.NULL) return s.text();
    problems.at(value, path, prefix + key + " must be text, found " + value.describe(), null);
    return defaultValue;
  }

  static String text(SpecNode value) {
    return value instanceof ScalarNode s ? s.text() : value.describe();
  }

  static String fmt(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }
}
