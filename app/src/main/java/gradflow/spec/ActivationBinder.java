package gradflow.spec;

import gradflow.spec.SpecNode.Entry;
import gradflow.spec.SpecNode.MapNode;
import gradflow.spec.SpecNode.ScalarNode;
import gradflow.spec.SpecNode.ScalarType;
import java.util.ArrayList;
import java.util.List;

/**
 * Binds an activation: a name ({@code relu}) or a one-key map with parameters ({@code {leaky_relu:
 * {alpha: 0.01}}}, {@code {elu: {alpha: 1.0}}}). Only leaky_relu and elu take {@code alpha};
 * omitted parameters get {@link ActivationSpec#of}'s defaults.
 */
final class ActivationBinder {
  static final List<String> NAMES = names();

  private ActivationBinder() {}

  private static List<String> names() {
    List<String> names = new ArrayList<>();
    for (ActivationKind k : ActivationKind.values()) names.add(k.specName());
    return List.copyOf(names);
  }

  /** The activation at {@code value}, or null after reporting why not. */
  static ActivationSpec bind(SpecNode value, String path, Problems problems) {
    if (value instanceof ScalarNode s && s.type() == ScalarType.STRING) {
      ActivationKind kind = kind(s.text(), s.line(), s.column(), path, problems);
      return kind == null ? null : ActivationSpec.of(kind);
    }
    if (value instanceof MapNode map && map.entries().size() == 1) {
      return withParameters(map.entries().get(0), path, problems);
    }
    problems.at(
        value,
        path,
        "activation must be a name or a one-key map, found " + value.describe(),
        "e.g. activation: relu, or activation: {leaky_relu: {alpha: 0.01}}");
    return null;
  }

  private static ActivationSpec withParameters(Entry e, String path, Problems problems) {
    ActivationKind kind = kind(e.key(), e.line(), e.column(), path, problems);
    if (kind == null) return null;
    ActivationSpec defaults = ActivationSpec.of(kind);
    boolean hasAlpha = kind == ActivationKind.LEAKY_RELU || kind == ActivationKind.ELU;
    SpecNode params = e.value();
    if (params instanceof ScalarNode s && s.type() == ScalarType.NULL) return defaults;
    if (!(params instanceof MapNode m)) {
      String hint =
          hasAlpha
              ? "write activation: {" + kind.specName() + ": {alpha: " + defaults.alpha() + "}}"
              : kind.specName() + " takes no parameters: write activation: " + kind.specName();
      problems.at(
          params,
          path,
          kind.specName() + " parameters must be a map, found " + params.describe(),
          hint);
      return null;
    }
    List<String> allowed = hasAlpha ? List.of("alpha") : List.of();
    MapFields f = new MapFields(m, path, "activation." + kind.specName() + ".", allowed, problems);
    double alpha = f.number("alpha", defaults.alpha(), Double.NEGATIVE_INFINITY, null);
    return new ActivationSpec(kind, alpha);
  }

  private static ActivationKind kind(
      String name, int line, int column, String path, Problems problems) {
    for (ActivationKind k : ActivationKind.values()) {
      if (k.specName().equals(name)) return k;
    }
    problems.at(
        line,
        column,
        path,
        MapFields.unknownMessage("activation", name, name, NAMES),
        MapFields.allowedHint(NAMES));
    return null;
  }
}
