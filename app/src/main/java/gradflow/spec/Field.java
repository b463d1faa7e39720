package gradflow.spec;

import gradflow.spec.SpecNode.ListNode;
import gradflow.spec.SpecNode.MapNode;
import gradflow.spec.SpecNode.ScalarNode;
import gradflow.spec.SpecNode.ScalarType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * One setting of a layer kind, declared once in its {@link LayerKind}: the key, how a value is
 * bound (with its messages and hints), its default, and its JSON Schema fragment. The generic
 * binder, the schema and the defaults all come from here.
 */
abstract class Field {
  final String key;

  private Field(String key) {
    this.key = key;
  }

  /** What a field's bind needs besides the map: the layer's path, the problems, nested layers. */
  record Binding(
      String path,
      Problems problems,
      ExpressionSyntax syntax,
      LayerBinder layers,
      Map<String, Object> bound) {}

  /**
   * The value, or the default when absent; null after reporting a missing required key or a value
   * that does not bind (any problem reported means the layer is not built).
   */
  abstract Object bind(MapFields f, Binding b);

  /** The schema of the value under {@code properties}, with its default. */
  abstract Map<String, Object> schema();

  boolean required() {
    return false;
  }

  private static Map<String, Object> fragment(Object... keyValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) m.put((String) keyValues[i], keyValues[i + 1]);
    return m;
  }

  // ---- the kinds of field

  /** A required whole number of at least {@code min}. */
  static Field count(String key, int min, String hint) {
    return new Count(key, min, hint, null, null);
  }

  /**
   * A required whole number of at least {@code min}, with its own hint when it is missing and a
   * hint that depends on the value when it is below {@code min}.
   */
  static Field count(String key, int min, String missingHint, IntFunction<String> belowMinHint) {
    return new Count(key, min, null, missingHint, belowMinHint);
  }

  private static final class Count extends Field {
    final int min;
    final String hint;
    final String missingHint;
    final IntFunction<String> belowMinHint;

    Count(String key, int min, String hint, String missingHint, IntFunction<String> belowMinHint) {
      super(key);
      this.min = min;
      this.hint = hint;
      this.missingHint = missingHint;
      this.belowMinHint = belowMinHint;
    }

    @Override
    Object bind(MapFields f, Binding b) {
      if (belowMinHint == null) return f.requiredInteger(key, min, hint);
      if (f.require(key, missingHint) == null) return null;
      int n = f.integer(key, min, Integer.MIN_VALUE, null);
      if (n < min)
        f.problemAt(key, key + " must be at least " + min + ", found " + n, belowMinHint.apply(n));
      return n;
    }

    @Override
    Map<String, Object> schema() {
      return fragment("type", "integer", "minimum", min);
    }

    @Override
    boolean required() {
      return true;
    }
  }

  /** A number in [0, 1) with a default. */
  static Field fraction(String key, double defaultValue, String hint) {
    return new Fraction(key, defaultValue, hint, null);
  }

  /** A required number in [0, 1). */
  static Field requiredFraction(String key, String missingHint, String hint) {
    return new Fraction(key, 0, hint, missingHint);
  }

  private static final class Fraction extends Field {
    final double defaultValue;
    final String hint;
    final String missingHint;

    Fraction(String key, double defaultValue, String hint, String missingHint) {
      super(key);
      this.defaultValue = defaultValue;
      this.hint = hint;
      this.missingHint = missingHint;
    }

    @Override
    Object bind(MapFields f, Binding b) {
      if (required() && f.require(key, missingHint) == null) return null;
      return f.belowOne(key, defaultValue, hint);
    }

    @Override
    Map<String, Object> schema() {
      Map<String, Object> s = fragment("type", "number", "minimum", 0, "exclusiveMaximum", 1);
      if (!required()) s.put("default", defaultValue);
      return s;
    }

    @Override
    boolean required() {
      return missingHint != null;
    }
  }

  /** A number greater than 0 with a default. */
  static Field positive(String key, double defaultValue, String hint) {
    return new Field(key) {
      @Override
      Object bind(MapFields f, Binding b) {
        return f.positive(key, defaultValue, hint);
      }

      @Override
      Map<String, Object> schema() {
        return fragment("type", "number", "exclusiveMinimum", 0, "default", defaultValue);
      }
    };
  }

  static Field bool(String key, boolean defaultValue) {
    return new Field(key) {
      @Override
      Object bind(MapFields f, Binding b) {
        return f.bool(key, defaultValue);
      }

      @Override
      Map<String, Object> schema() {
        return fragment("type", "boolean", "default", defaultValue);
      }
    };
  }

  /** An initialiser, by default the plain one named {@code defaultName} ("zeros", "he_uniform"). */
  static Field init(String key, String defaultName) {
    InitSpec defaultValue = InitBinder.named(defaultName);
    return new Field(key) {
      @Override
      Object bind(MapFields f, Binding b) {
        return InitBinder.bindOr(f, key, defaultValue);
      }

      @Override
      Map<String, Object> schema() {
        return fragment("$ref", "#/$defs/init", "default", defaultName);
      }
    };
  }

  /** The required activation. */
  static Field activation() {
    return new Field("activation") {
      @Override
      Object bind(MapFields f, Binding b) {
        SpecNode node = f.require(key, "e.g. activation: relu");
        return node == null
            ? null
            : ActivationBinder.bind(node, b.path(), b.problems(), b.syntax());
      }

      @Override
      Map<String, Object> schema() {
        return fragment("$ref", "#/$defs/activation");
      }

      @Override
      boolean required() {
        return true;
      }
    };
  }

  /** One of {@code choices} (by their spec names), by default the first. */
  static <E extends Enum<E>> Field choice(String key, Class<E> type, String hint) {
    E[] values = type.getEnumConstants();
    List<String> names = java.util.Arrays.stream(values).map(Field::specName).toList();
    return new Field(key) {
      @Override
      Object bind(MapFields f, Binding b) {
        SpecNode value = f.get(key);
        if (value == null) return values[0];
        if (value instanceof ScalarNode s && s.type() == ScalarType.STRING) {
          for (E e : values) if (specName(e).equals(s.text())) return e;
        }
        String shown = MapFields.text(value);
        b.problems().at(value, f.path(), MapFields.unknownMessage(key, shown, shown, names), hint);
        return null;
      }

      @Override
      Map<String, Object> schema() {
        return fragment("enum", names, "default", names.get(0));
      }
    };
  }

  private static String specName(Enum<?> e) {
    return e.name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * A window size: one size for both axes ({@code 3}) or {@code [height, width]}, each at least 1,
   * bound as {@code int[] {height, width}}. Required when {@code defaultSize} is 0 and {@code
   * defaultKey} null; else the default is that size, or the value bound under {@code defaultKey}.
   */
  static Field window(String key, String hint, int defaultSize, String defaultKey) {
    return new Window(key, hint, defaultSize, defaultKey);
  }

  private static final class Window extends Field {
    final String hint;
    final int defaultSize;
    final String defaultKey;

    Window(String key, String hint, int defaultSize, String defaultKey) {
      super(key);
      this.hint = hint;
      this.defaultSize = defaultSize;
      this.defaultKey = defaultKey;
    }

    @Override
    boolean required() {
      return defaultSize == 0 && defaultKey == null;
    }

    @Override
    Object bind(MapFields f, Binding b) {
      SpecNode value = required() ? f.require(key, hint) : f.get(key);
      if (value == null) {
        if (defaultKey != null) return b.bound().get(defaultKey);
        return required() ? null : new int[] {defaultSize, defaultSize};
      }
      Problems problems = b.problems();
      int errors = problems.size();
      int[] sizes;
      if (value instanceof ListNode list) {
        if (list.items().size() != 2) {
          problems.at(
              value,
              f.path(),
              key + " must be one size or [height, width], found a list of " + list.items().size(),
              hint);
          return null;
        }
        int h = f.integer(list.items().get(0), key + "[0]", 1, 1, hint);
        int w = f.integer(list.items().get(1), key + "[1]", 1, 1, hint);
        sizes = new int[] {h, w};
      } else if (value instanceof MapNode) {
        problems.at(
            value, f.path(), key + " must be one size or [height, width], found a map", hint);
        return null;
      } else {
        int n = f.integer(key, 1, 1, hint);
        sizes = new int[] {n, n};
      }
      return problems.size() > errors ? null : sizes;
    }

    @Override
    Map<String, Object> schema() {
      Map<String, Object> s = fragment("$ref", "#/$defs/window");
      if (defaultKey != null) s.put("description", "Default: the " + defaultKey + ".");
      else if (!required()) s.put("default", defaultSize);
      return s;
    }
  }

  /** The required list of a block's layers, bound like the top-level layers. */
  static Field layers(String hint) {
    return new Field("layers") {
      @Override
      Object bind(MapFields f, Binding b) {
        SpecNode node = f.require(key, hint);
        if (node == null) return null;
        List<BoundLayer> block = b.layers().bindList(node, b.path() + ".layers");
        return block.isEmpty() ? null : block;
      }

      @Override
      Map<String, Object> schema() {
        return fragment("$ref", "#/$defs/layerList");
      }

      @Override
      boolean required() {
        return true;
      }
    };
  }
}
