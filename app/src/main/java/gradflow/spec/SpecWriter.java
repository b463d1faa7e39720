package gradflow.spec;

import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes layers back as spec YAML, one flow-style map a layer, the way a person writes them. The
 * keys come from each record's components (units, bias_init; a kernelH/kernelW pair is one kernel),
 * so a new layer kind needs nothing here. {@link #spec} writes a whole spec around them.
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

  /**
   * Why {@link #spec} cannot write {@code spec}, or null when it can: it writes layers (not an
   * imported model, whose weights live in its file) and MNIST or synthetic data.
   */
  public static String unwritable(NetworkSpec spec) {
    if (spec.model() != null) return "its layers come from model: (an imported model file)";
    if (spec.data() instanceof MnistSpec || spec.data() instanceof SyntheticSpec) return null;
    return "it reads "
        + spec.data().getClass().getSimpleName().replace("Spec", "").toLowerCase(Locale.ROOT)
        + " data; only mnist and synthetic data are written";
  }

  /**
   * The whole spec as YAML that reads back as {@code spec} without its sweep: every value written
   * out, thresholds only where they differ from the defaults, the MNIST folder relative to {@code
   * file}'s folder (where the spec will be written). {@code comment} heads the file.
   */
  public static String spec(NetworkSpec spec, Path file, String comment) {
    String unwritable = unwritable(spec);
    if (unwritable != null)
      throw new IllegalArgumentException("cannot write the spec: " + unwritable);
    StringBuilder out = new StringBuilder();
    for (String line : comment.split("\n", -1)) out.append("# ").append(line).append('\n');
    out.append("name: ").append(quoted(spec.name())).append('\n');
    out.append("seed: ").append(spec.seed()).append('\n');
    out.append("input: ").append(render(spec.input())).append('\n');
    out.append("data: ").append(data(spec.data(), file)).append('\n');
    out.append("layers:\n").append(layers(spec.layers(), "  "));
    out.append("loss: ").append(spec.loss().specName()).append('\n');
    out.append("optimizer: ").append(optimizer(spec.optimizer())).append('\n');
    TrainSpec t = spec.train();
    out.append(
        String.format(
            Locale.ROOT,
            "train: {steps: %d, batch: %d, log_every: %d}%n",
            t.steps(),
            t.batch(),
            t.logEvery()));
    Map<String, Object> changed = new LinkedHashMap<>();
    Map<Threshold, Double> defaults = Thresholds.defaults().asMap();
    spec.thresholds()
        .asMap()
        .forEach(
            (k, v) -> {
              if (!v.equals(defaults.get(k))) changed.put(k.key(), v);
            });
    if (!changed.isEmpty()) out.append("thresholds: ").append(flow(changed)).append('\n');
    return out.toString();
  }

  private static String data(DataSpec data, Path file) {
    if (data instanceof MnistSpec m) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("dir", quoted(SpecPaths.relativeToSpec(file.toString(), m.dir())));
      body.put("train_offset", m.trainOffset());
      body.put("train_count", m.trainCount());
      body.put("test_count", m.testCount());
      return "{mnist: " + flow(body) + "}";
    }
    SyntheticSpec s = (SyntheticSpec) data;
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("kind", s.kind().name().toLowerCase(Locale.ROOT));
    body.put("classes", s.classes());
    body.put("samples", s.samples());
    body.put("test_samples", s.testSamples());
    body.put("noise", s.noise());
    body.put("centre_std", s.centreStd());
    return "{synthetic: " + flow(body) + "}";
  }

  private static String optimizer(OptimizerSpec o) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("lr", o.lr());
    switch (o.kind()) {
      case MOMENTUM -> body.put("momentum", o.momentum());
      case ADAM -> {
        body.put("beta1", o.beta1());
        body.put("beta2", o.beta2());
        body.put("epsilon", o.epsilon());
      }
      case SGD -> {}
    }
    Map<String, Object> top = new LinkedHashMap<>();
    top.put(o.kind().specName(), flow(body));
    if (o.clipNorm() > 0) top.put("clip_norm", o.clipNorm());
    if (o.clipValue() > 0) top.put("clip_value", o.clipValue());
    return flow(top);
  }

  /** A YAML double-quoted string: read as text, whatever characters it holds. */
  private static String quoted(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
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
