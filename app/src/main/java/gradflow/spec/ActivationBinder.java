package gradflow.spec;

import gradflow.spec.SpecNode.Entry;
import gradflow.spec.SpecNode.MapNode;
import gradflow.spec.SpecNode.ScalarNode;
import gradflow.spec.SpecNode.ScalarType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Binds an activation: a name ({@code relu}), a one-key map with parameters ({@code {leaky_relu:
 * {alpha: 0.01}}}, {@code {elu: {alpha: 1.0}}}) or a formula ({@code {expr: "exp(-x^2)"}}). Only
 * leaky_relu and elu take {@code alpha}; omitted parameters get {@link ActivationSpec#of}'s
 * defaults. A formula is checked by the reader's {@link ExpressionSyntax}.
 */
final class ActivationBinder {
  /** The names usable on their own: every kind but expr, which needs its formula. */
  static final List<String> NAMES = names();

  private static final String EXPR = ActivationKind.EXPR.specName();
  private static final String EXPR_HINT = "write activation: {expr: \"exp(-x^2)\"}, a formula in x";

  private ActivationBinder() {}

  private static List<String> names() {
    List<String> names = new ArrayList<>();
    for (ActivationKind k : ActivationKind.values()) {
      if (k != ActivationKind.EXPR) names.add(k.specName());
    }
    return List.copyOf(names);
  }

  /** The activation at {@code value}, or null after reporting why not. */
  static ActivationSpec bind(
      SpecNode value, String path, Problems problems, ExpressionSyntax syntax) {
    if (value instanceof ScalarNode s && s.type() == ScalarType.STRING) {
      if (s.text().equals(EXPR)) {
        problems.at(s, path, "activation expr needs its formula", EXPR_HINT);
        return null;
      }
      ActivationKind kind = kind(s.text(), s.line(), s.column(), path, problems, NAMES);
      return kind == null ? null : ActivationSpec.of(kind);
    }
    if (value instanceof MapNode map && map.entries().size() == 1) {
      Entry e = map.entries().get(0);
      if (e.key().equals(EXPR)) return expr(e.value(), path, problems, syntax);
      return withParameters(e, path, problems);
    }
    problems.at(
        value,
        path,
        "activation must be a name or a one-key map, found " + value.describe(),
        "e.g. activation: relu, activation: {leaky_relu: {alpha: 0.01}}"
            + " or activation: {expr: \"exp(-x^2)\"}");
    return null;
  }

  private static ActivationSpec withParameters(Entry e, String path, Problems problems) {
    List<String> keys = new ArrayList<>(NAMES);
    keys.add(EXPR);
    ActivationKind kind = kind(e.key(), e.line(), e.column(), path, problems, keys);
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

  /**
   * {@code {expr: "..."}}: a non-blank string the syntax accepts. A syntax error is placed at its
   * column inside the string in the file, see {@link ScalarColumns}.
   */
  private static ActivationSpec expr(
      SpecNode value, String path, Problems problems, ExpressionSyntax syntax) {
    if (!(value instanceof ScalarNode s) || s.type() != ScalarType.STRING) {
      problems.at(
          value,
          path,
          "activation.expr must be a formula in quotes, found " + value.describe(),
          EXPR_HINT);
      return null;
    }
    String source = s.text();
    if (source.isBlank()) {
      problems.at(s, path, "activation.expr must not be empty", EXPR_HINT);
      return null;
    }
    Optional<ExpressionError> error = syntax.check(source);
    if (error.isPresent()) {
      int offset = Math.min(error.get().column(), source.length() + 1) - 1;
      int column = ScalarColumns.fileColumn(problems.sourceLine(s.line()), s.column(), offset);
      problems.at(
          s.line(),
          column,
          path,
          "activation.expr '" + source + "' is not a valid formula: " + error.get().message(),
          "write a formula in x, e.g. exp(-x^2)");
      return null;
    }
    return ActivationSpec.expr(source);
  }

  private static ActivationKind kind(
      String name, int line, int column, String path, Problems problems, List<String> allowed) {
    for (ActivationKind k : ActivationKind.values()) {
      if (k.specName().equals(name) && allowed.contains(name)) return k;
    }
    problems.at(
        line,
        column,
        path,
        MapFields.unknownMessage("activation", name, name, allowed),
        MapFields.allowedHint(NAMES) + ", or {expr: \"formula in x\"}");
    return null;
  }
}
