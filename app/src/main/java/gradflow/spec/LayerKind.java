package gradflow.spec;

import gradflow.spec.SpecNode.Entry;
import gradflow.spec.SpecNode.MapNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A layer kind as the spec knows it, declared once in its record as {@code KIND}: the type key, the
 * fields with their defaults, ranges and hints, and how the bound values make the record. The one
 * generic binder ({@link #bind}) and the schema's entry for the kind ({@link #schema}) come from
 * it; every kind is found from the sealed {@link LayerSpec}'s permitted records.
 *
 * @param type the key in the spec: "dense", "conv2d", ...
 * @param fields the settings, in the order the schema and docs list them
 * @param make the record from the bound values
 * @param unitsKey the setting that sizes the layer's output (units, filters), or null
 */
record LayerKind<S extends LayerSpec>(
    String type, List<Field> fields, Function<Values, S> make, String unitsKey) {

  static <S extends LayerSpec> LayerKind<S> of(
      String type, Function<Values, S> make, Field... fields) {
    return new LayerKind<>(type, List.of(fields), make, null);
  }

  /** This kind with {@code key} as the setting that sizes its output. */
  LayerKind<S> sizedBy(String key) {
    return new LayerKind<>(type, fields, make, key);
  }

  /** Every kind, in the order LayerSpec permits them. */
  static List<LayerKind<?>> all() {
    return Registry.ALL;
  }

  /** Read on first use: a record's KIND is made while LayerKind may still be initialising. */
  private static final class Registry {
    static final List<LayerKind<?>> ALL = find();
  }

  private static List<LayerKind<?>> find() {
    List<LayerKind<?>> kinds = new ArrayList<>();
    for (Class<?> record : LayerSpec.class.getPermittedSubclasses()) {
      try {
        LayerKind<?> kind = (LayerKind<?>) record.getDeclaredField("KIND").get(null);
        if (kind == null) throw new IllegalStateException(record + ".KIND read while it was made");
        kinds.add(kind);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(record.getSimpleName() + " must declare KIND", e);
      }
    }
    return List.copyOf(kinds);
  }

  /** The kind with this type key, or null. */
  static LayerKind<?> byType(String type) {
    for (LayerKind<?> kind : all()) if (kind.type.equals(type)) return kind;
    return null;
  }

  static List<String> types() {
    return all().stream().map(LayerKind::type).toList();
  }

  List<String> keys() {
    return fields.stream().map(f -> f.key).toList();
  }

  /** The settings bound, by key, for {@link #make}. */
  static final class Values {
    private final Map<String, Object> values;

    Values(Map<String, Object> values) {
      this.values = values;
    }

    int integer(String key) {
      return (Integer) values.get(key);
    }

    double number(String key) {
      return (Double) values.get(key);
    }

    boolean bool(String key) {
      return (Boolean) values.get(key);
    }

    int[] window(String key) {
      return (int[]) values.get(key);
    }

    InitSpec init(String key) {
      return (InitSpec) values.get(key);
    }

    ActivationSpec activation(String key) {
      return (ActivationSpec) values.get(key);
    }

    @SuppressWarnings("unchecked")
    <T> T get(String key) {
      return (T) values.get(key);
    }

    @SuppressWarnings("unchecked")
    List<LayerSpec> layers(String key) {
      return ((List<BoundLayer>) values.get(key)).stream().map(BoundLayer::spec).toList();
    }
  }

  /** The layer at {@code typeKey} with settings {@code map}, or nothing after reporting. */
  List<BoundLayer> bind(
      Entry typeKey,
      MapNode map,
      String path,
      Problems problems,
      ExpressionSyntax syntax,
      LayerBinder layers) {
    MapFields f = new MapFields(map, path, "", keys(), problems);
    int errors = problems.size();
    Map<String, Object> bound = new LinkedHashMap<>();
    Field.Binding binding = new Field.Binding(path, problems, syntax, layers, bound);
    boolean missing = false;
    for (Field field : fields) {
      Object value = field.bind(f, binding);
      if (value == null) missing = true;
      bound.put(field.key, value);
    }
    if (problems.size() > errors || missing) return List.of();
    @SuppressWarnings("unchecked")
    List<BoundLayer> block =
        bound.get("layers") instanceof List<?> l ? (List<BoundLayer>) l : List.of();
    return List.of(
        new BoundLayer(
            make.apply(new Values(bound)),
            path,
            typeKey,
            unitsKey == null ? null : f.get(unitsKey),
            f.get("activation"),
            map,
            block));
  }

  /** The schema of the kind's settings; a kind with no required setting may also be null. */
  Map<String, Object> schema() {
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("type", "object");
    object.put("additionalProperties", false);
    List<String> required = fields.stream().filter(Field::required).map(f -> f.key).toList();
    if (!required.isEmpty()) object.put("required", required);
    Map<String, Object> properties = new LinkedHashMap<>();
    for (Field field : fields) properties.put(field.key, field.schema());
    if (!properties.isEmpty()) object.put("properties", properties);
    if (!required.isEmpty()) return object;
    return Map.of("oneOf", Arrays.asList(Map.of("type", "null"), object));
  }
}
