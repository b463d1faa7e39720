package gradflow.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gradflow.layers.GradientCases;
import gradflow.layers.Layer;
import gradflow.model.Network;
import gradflow.model.NetworkBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Every layer kind, enumerated from the sealed {@link LayerSpec} (a new kind cannot be forgotten
 * here): its schema entry, its docs, its defaults as the binder applies them, its mapping to a
 * runtime layer with a gradient-check case, and shapes and parameters that the spec and the built
 * network agree on.
 */
class LayerKindsTest {
  /** The settings a kind needs in a spec, in YAML flow style; a kind not here needs none. */
  private static final Map<String, String> REQUIRED =
      Map.of(
          "dense", "units: 4, activation: relu",
          "maxout", "units: 4, k: 2",
          "conv2d", "filters: 3, kernel: 3, activation: relu",
          "maxpool2d", "kernel: 2",
          "avgpool2d", "kernel: 2",
          "dropout", "rate: 0.5",
          "activation", "activation: tanh",
          "residual", "layers: [{batchnorm: {}}]");

  /** Values for optional keys that have no schema default. */
  private static final Map<String, String> EXAMPLE = Map.of("stride", "1");

  private static final JsonNode SCHEMA = schema();

  /** The runtime layer classes that GradientCases checks by finite differences. */
  private static final Set<Class<?>> CHECKED =
      GradientCases.all().map(c -> c.layer().getClass()).collect(Collectors.toSet());

  static Stream<Class<?>> kinds() {
    return Arrays.stream(LayerSpec.class.getPermittedSubclasses());
  }

  private static JsonNode schema() {
    try {
      return new ObjectMapper().readTree(SpecSchema.text());
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  /** The kind's type name, as the spec writes it, from its declaration. */
  private static String type(Class<?> kind) {
    for (LayerKind<?> k : LayerKind.all()) {
      LayerSpec layer = bind(k.type(), required(k.type())).layers().get(0);
      if (layer.getClass() == kind) {
        assertEquals(k.type(), layer.type(), kind.getSimpleName() + ".type()");
        return k.type();
      }
    }
    throw new AssertionError(kind.getSimpleName() + " has no KIND");
  }

  private static String required(String type) {
    return REQUIRED.getOrDefault(type, "");
  }

  /** A spec: the layer, then what makes it a classifier of 3 classes on [2, 6, 6] images. */
  private static NetworkSpec bind(String type, String settings) {
    String yaml =
        "input: [2, 6, 6]\n"
            + "data: {synthetic: {kind: blobs, samples: 12, classes: 3}}\n"
            + "layers:\n"
            + "  - "
            + type
            + ": {"
            + settings
            + "}\n"
            + "  - flatten: {}\n"
            + "  - dense: {units: 3, activation: softmax}\n";
    return SpecReader.parse(yaml, "kind.yaml", Path.of("."));
  }

  private static JsonNode definition(String type) {
    JsonNode ref = SCHEMA.at("/$defs/layerItem/properties/" + type + "/$ref");
    assertFalse(ref.isMissingNode(), type + " is missing from the schema's layerItem");
    JsonNode def = SCHEMA.at(ref.asText().substring(1));
    // a layer without settings may be written as null: the object form is one branch
    if (def.has("oneOf"))
      for (JsonNode branch : def.get("oneOf"))
        if (branch.has("additionalProperties")) return branch;
    return def;
  }

  private static List<String> keys(JsonNode def) {
    List<String> keys = new ArrayList<>();
    if (def.has("properties")) def.get("properties").fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void schemaKeysBindAndItsDefaultsAreTheBindersDefaults(Class<?> kind) {
    String type = type(kind);
    JsonNode def = definition(type);
    NetworkSpec minimal = bind(type, required(type));
    Set<String> required = new TreeSet<>();
    def.path("required").forEach(r -> required.add(r.asText()));
    for (String key : keys(def)) {
      if (required.contains(key)) {
        assertTrue(required(type).contains(key + ":"), type + "." + key + " is required");
        continue;
      }
      JsonNode byDefault = def.get("properties").get(key).get("default");
      String value = byDefault == null ? EXAMPLE.get(key) : byDefault.asText();
      assertNotNull(value, type + "." + key + ": give an example value");
      String settings = required(type).isEmpty() ? "" : required(type) + ", ";
      NetworkSpec explicit = bind(type, settings + key + ": " + value);
      if (byDefault != null)
        assertEquals(
            minimal.layers().get(0),
            explicit.layers().get(0),
            type + "." + key + ": the schema's default " + value + " is not the binder's");
    }
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void docsDescribeEveryKeyWithTheSchemaDefault(Class<?> kind) throws Exception {
    String type = type(kind);
    String docs = Files.readString(repoRoot().resolve("docs/spec.md"));
    Matcher start = Pattern.compile("(?m)^(`[a-z0-9]+`, )*`" + type + "`[,:]").matcher(docs);
    assertTrue(start.find(), "docs/spec.md has no paragraph for " + type);
    Matcher next = Pattern.compile("(?m)^(`[a-z0-9]+`, )*`[a-z0-9]+`[,:]").matcher(docs);
    int end = docs.length();
    for (int from = start.end(); next.find(from); from = next.end()) {
      if (!next.group().contains("`" + type + "`")) {
        end = next.start();
        break;
      }
    }
    String section = docs.substring(start.start(), end);
    JsonNode def = definition(type);
    for (String key : keys(def)) {
      assertTrue(section.contains("`" + key + "`"), type + "." + key + " is not in docs/spec.md");
      JsonNode byDefault = def.get("properties").get(key).get("default");
      if (byDefault == null || !section.contains("| `" + key + "` |")) continue;
      String row = section.lines().filter(l -> l.startsWith("| `" + key + "` |")).findFirst().get();
      String[] cells = row.split("\\|");
      String documented = cells[cells.length - 1].trim().replace("`", "");
      if (byDefault.isNumber())
        assertEquals(byDefault.asDouble(), Double.parseDouble(documented), type + "." + key);
      else assertEquals(byDefault.asText(), documented, type + "." + key);
    }
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void theBuiltLayerHasTheSpecShapesParametersAndAGradientCheck(Class<?> kind) {
    String type = type(kind);
    NetworkSpec spec = bind(type, required(type));
    Network network = NetworkBuilder.build(spec, DataType.DOUBLE);
    LayerSpec layerSpec = spec.layers().get(0);
    Layer layer = network.layers().get(0);
    long[] in = {2, 6, 6};
    assertArrayEquals(layerSpec.outputShape(in), layer.outputShape(in), type);

    Map<String, long[]> specParams = new LinkedHashMap<>();
    for (ParamShape p : layerSpec.parameters(in))
      specParams.put(layer.name() + "." + p.name(), p.shape());
    Map<String, long[]> built = new LinkedHashMap<>();
    network
        .parameters()
        .forEach(
            (name, array) -> {
              if (name.startsWith(layer.name() + ".")) built.put(name, array.shape());
            });
    if (!(type.equals("residual")))
      assertEquals(describe(specParams), describe(built), type + ": parameters");

    assertTrue(CHECKED.contains(layer.getClass()), type + ": no case in GradientCases");
  }

  @org.junit.jupiter.api.Test
  void theSchemaListsEveryKind() {
    Iterator<String> listed = SCHEMA.at("/$defs/layerItem/properties").fieldNames();
    Set<String> schemaTypes = new TreeSet<>();
    listed.forEachRemaining(schemaTypes::add);
    schemaTypes.removeAll(Set.of("repeat", "layers"));
    assertEquals(new TreeSet<>(LayerKind.types()), schemaTypes, "layer types in the schema");
    assertEquals(LayerSpec.class.getPermittedSubclasses().length, LayerKind.all().size());
  }

  private static String describe(Map<String, long[]> params) {
    return params.entrySet().stream()
        .map(e -> e.getKey() + Arrays.toString(e.getValue()))
        .collect(Collectors.joining(", "));
  }

  private static Path repoRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent())
      if (Files.isDirectory(dir.resolve("docs"))) return dir;
    throw new AssertionError("no docs/ above " + Path.of("").toAbsolutePath());
  }
}
