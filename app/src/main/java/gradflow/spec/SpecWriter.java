package gradflow.spec;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes layers back as spec YAML, one flow-style map a layer, the way a person writes them. The
 * keys come from each record's components (units, bias_init; a kernelH/kernelW pair is one kernel),
 * so a new layer kind needs nothing here.
 */
public final class SpecWriter {
  private SpecWriter() {}

  /** The layers as the items of a {@code layers:} list, indented by {@code indent}. */
  public static String layers(List<LayerSpec> layers, String indent) {
    StringBuilder out = new StringBuilder();
    for (LayerSpec layer : layers) {
      out.append(indent).append("- ").append(layer.type()).append(": ");
      if (layer instanceof ResidualSpec r) {
        out.append("\n").append(indent).append("    layers:\n");
        out.append(layers(r.layers(), indent + "      "));
        continue;
      }
      out.append(flow(settings(layer))).append('\n');
    }
    return out.toString();
  }

  /** A record's settings by spec key, in component order. */
  static Map<String, Object> settings(LayerSpec layer) {
    Map<String, Object> settings = new LinkedHashMap<>();
    RecordComponent[] components = layer.getClass().getRecordComponents();
    for (int i = 0; i < components.length; i++) {
      String name = components[i].getName();
      Object value = value(layer, components[i]);
      if (name.endsWith("H")
          && i + 1 < components.length
          && components[i + 1].getName().equals(name.substring(0, name.length() - 1) + "W")) {
        Object w = value(layer, components[++i]);
        value = value.equals(w) ? value : List.of(value, w);
        name = name.substring(0, name.length() - 1);
      }
      settings.put(snake(name), value);
    }
    return settings;
  }

  private static Object value(LayerSpec layer, RecordComponent c) {
    try {
      return c.getAccessor().invoke(layer);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String snake(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  private static String flow(Map<String, Object> map) {
    List<String> entries = new ArrayList<>();
    map.forEach((k, v) -> entries.add(k + ": " + render(v)));
    return "{" + String.join(", ", entries) + "}";
  }

  private static String render(Object v) {
    if (v instanceof ActivationSpec a) return activation(a);
    if (v instanceof InitSpec i) return init(i);
    if (v instanceof PaddingSpec p) return p.specName();
    if (v instanceof Double d) return number(d);
    if (v instanceof List<?> list) {
      List<String> items = new ArrayList<>();
      for (Object o : list) items.add(render(o));
      return "[" + String.join(", ", items) + "]";
    }
    return String.valueOf(v);
  }

  private static String activation(ActivationSpec a) {
    return switch (a.kind()) {
      case LEAKY_RELU, ELU -> "{" + a.kind().specName() + ": {alpha: " + number(a.alpha()) + "}}";
      case EXPR -> "{expr: \"" + a.expr().replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
      default -> a.kind().specName();
    };
  }

  private static String init(InitSpec i) {
    if (i instanceof InitSpec.Zeros) return "zeros";
    if (i instanceof InitSpec.Scaled s) return s.scheme().specName();
    if (i instanceof InitSpec.Constant c) return "{constant: " + number(c.value()) + "}";
    if (i instanceof InitSpec.Normal n)
      return "{normal: {mean: " + number(n.mean()) + ", std: " + number(n.std()) + "}}";
    InitSpec.Uniform u = (InitSpec.Uniform) i;
    return "{uniform: {low: " + number(u.low()) + ", high: " + number(u.high()) + "}}";
  }

  /** Shortest text that reads back as the same double; whole numbers keep a ".0" off. */
  private static String number(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e15) return String.valueOf((long) d);
    String s = Double.toString(d);
    return s.contains("E") ? s.replace("E", "e") : s;
  }
}
