package gradflow.spec;

import gradflow.spec.SpecNode.Entry;
import gradflow.spec.SpecNode.ListNode;
import gradflow.spec.SpecNode.MapNode;
import gradflow.spec.SpecNode.ScalarNode;
import gradflow.spec.SpecNode.ScalarType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Binds an init value: a scheme name ({@code he_normal}), {@code {constant: 0.1}}, {@code {normal:
 * {mean: 0, std: 0.01}}}, {@code {uniform: [5, 10]}} or {@code {uniform: {low: 5, high: 10}}}.
 * glorot_* are accepted as the other common name of xavier_*.
 */
final class InitBinder {
  static final List<String> SCHEMES = schemeNames();
  static final List<String> PARAMETRIC = List.of("constant", "normal", "uniform");

  private InitBinder() {}

  private static List<String> schemeNames() {
    List<String> names = new ArrayList<>();
    names.add("zeros");
    for (InitSpec.Scheme s : InitSpec.Scheme.values()) names.add(s.specName());
    names.add("glorot_uniform");
    names.add("glorot_normal");
    return List.copyOf(names);
  }

  /** The init at {@code value} ("init" or "bias_init" of the map at {@code path}), or null. */
  static InitSpec bind(SpecNode value, String key, String path, Problems problems) {
    if (value instanceof ScalarNode s && s.type() == ScalarType.STRING) {
      return byName(s, key, path, problems);
    }
    if (value instanceof MapNode map && map.entries().size() == 1) {
      return parametric(map.entries().get(0), key, path, problems);
    }
    problems.at(
        value,
        path,
        key + " must be a scheme name or a one-key map, found " + value.describe(),
        "e.g. "
            + key
            + ": he_normal, {constant: 0.1}, {normal: {mean: 0, std: 0.01}}, {uniform: [5, 10]}");
    return null;
  }

  /** The plain initialiser of this name ("zeros", "he_uniform"), for defaults declared in code. */
  static InitSpec named(String name) {
    if (name.equals("zeros")) return new InitSpec.Zeros();
    for (InitSpec.Scheme scheme : InitSpec.Scheme.values())
      if (scheme.specName().equals(name)) return new InitSpec.Scaled(scheme);
    throw new IllegalArgumentException("no plain initialiser is called " + name);
  }

  /** The init under {@code key} of {@code f}'s map, or {@code defaultValue} if absent or bad. */
  static InitSpec bindOr(MapFields f, String key, InitSpec defaultValue) {
    SpecNode value = f.get(key);
    if (value == null) return defaultValue;
    InitSpec init = bind(value, key, f.path(), f.problems());
    return init == null ? defaultValue : init;
  }

  private static InitSpec byName(ScalarNode s, String key, String path, Problems problems) {
    String name = s.text().replace("glorot_", "xavier_");
    if (name.equals("zeros")) return new InitSpec.Zeros();
    for (InitSpec.Scheme scheme : InitSpec.Scheme.values()) {
      if (scheme.specName().equals(name)) return new InitSpec.Scaled(scheme);
    }
    List<String> all = new ArrayList<>(SCHEMES);
    all.addAll(PARAMETRIC);
    if (PARAMETRIC.contains(s.text())) {
      problems.at(
          s, path, key + " '" + s.text() + "' needs parameters", parametricHint(s.text(), key));
    } else {
      problems.at(s, path, MapFields.unknownMessage(key, s.text(), s.text(), all), namesHint());
    }
    return null;
  }

  private static InitSpec parametric(Entry e, String key, String path, Problems problems) {
    String name = e.key();
    SpecNode v = e.value();
    String where = key + "." + name;
    switch (name) {
      case "constant":
        Double c = finite(v, where, path, problems);
        return c == null ? null : new InitSpec.Constant(c);
      case "normal":
        if (!(v instanceof MapNode m))
          return wrongShape(v, where, path, problems, parametricHint(name, key));
        MapFields f = new MapFields(m, path, where + ".", List.of("mean", "std"), problems);
        SpecNode stdNode = f.require("std", parametricHint(name, key));
        double mean = f.number("mean", 0, Double.NEGATIVE_INFINITY, null);
        double std = f.number("std", 0, 0, "a standard deviation cannot be negative");
        return stdNode == null ? null : new InitSpec.Normal(mean, std);
      case "uniform":
        return uniform(v, where, path, problems, parametricHint(name, key));
      default:
        List<String> all = new ArrayList<>(PARAMETRIC);
        all.addAll(SCHEMES);
        String hint =
            SCHEMES.contains(name)
                ? "a scheme takes no parameters: write " + key + ": " + name
                : namesHint();
        String message =
            SCHEMES.contains(name)
                ? key + " '" + name + "' takes no parameters"
                : MapFields.unknownMessage(key, name, name, all);
        problems.at(e.line(), e.column(), path, message, hint);
        return null;
    }
  }

  private static InitSpec uniform(
      SpecNode v, String where, String path, Problems problems, String hint) {
    Double low;
    Double high;
    if (v instanceof ListNode list && list.items().size() == 2) {
      low = finite(list.items().get(0), where + " low", path, problems);
      high = finite(list.items().get(1), where + " high", path, problems);
    } else if (v instanceof MapNode m) {
      MapFields f = new MapFields(m, path, where + ".", List.of("low", "high"), problems);
      SpecNode lowNode = f.require("low", hint);
      SpecNode highNode = f.require("high", hint);
      low = lowNode == null ? null : f.finite(lowNode, where + ".low");
      high = highNode == null ? null : f.finite(highNode, where + ".high");
    } else {
      return wrongShape(v, where, path, problems, hint);
    }
    if (low == null || high == null) return null;
    if (low > high) {
      problems.at(
          v,
          path,
          where
              + " low must not exceed high, found ["
              + MapFields.fmt(low)
              + ", "
              + MapFields.fmt(high)
              + "]",
          "swap the bounds");
      return null;
    }
    return new InitSpec.Uniform(low, high);
  }

  private static Double finite(SpecNode v, String name, String path, Problems problems) {
    if (v instanceof ScalarNode s && s.isNumber() && Double.isFinite(s.number())) return s.number();
    problems.at(v, path, name + " must be a finite number, found " + v.describe(), null);
    return null;
  }

  private static InitSpec wrongShape(
      SpecNode v, String where, String path, Problems problems, String hint) {
    problems.at(v, path, where + " has the wrong form, found " + v.describe(), hint);
    return null;
  }

  private static String parametricHint(String name, String key) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "constant" -> "write " + key + ": {constant: 0.1}";
      case "normal" -> "write " + key + ": {normal: {mean: 0, std: 0.01}}";
      default -> "write " + key + ": {uniform: [low, high]} or {uniform: {low: 5, high: 10}}";
    };
  }

  private static String namesHint() {
    return "allowed: "
        + String.join(", ", SCHEMES)
        + ", {constant: c}, {normal: {mean, std}}, {uniform: [low, high]}";
  }
}
