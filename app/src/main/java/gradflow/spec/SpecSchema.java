package gradflow.spec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gradflow.text.Resources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The JSON Schema (draft 2020-12) of the spec, for editors and {@code gradflow schema spec}. It
 * checks shapes and ranges; {@link SpecReader} adds the checks across sections and better messages.
 * The resource holds everything but the layer kinds; each kind's entry comes from its {@link
 * LayerKind}, so the schema cannot drift from the binder.
 */
public final class SpecSchema {
  static final String RESOURCE = "/gradflow/spec.schema.json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TEXT = compose();

  private SpecSchema() {}

  /** The schema text. */
  public static String text() {
    return TEXT;
  }

  /** A kind's entry under $defs: prefixed, so that the activation kind is not the activation. */
  private static String defName(LayerKind<?> kind) {
    return "layer_" + kind.type();
  }

  private static String compose() {
    ObjectNode schema;
    try {
      schema = (ObjectNode) JSON.readTree(Resources.text(RESOURCE));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ObjectNode defs = (ObjectNode) schema.get("$defs");
    ObjectNode item = (ObjectNode) defs.get("layerItem");
    ObjectNode properties = (ObjectNode) item.get("properties");
    ArrayNode oneOf = (ArrayNode) item.get("oneOf");
    ObjectNode kinds = JSON.createObjectNode();
    int at = 0;
    for (LayerKind<?> kind : LayerKind.all()) {
      properties.set(kind.type(), JSON.createObjectNode().put("$ref", "#/$defs/" + defName(kind)));
      oneOf.insert(
          at++, JSON.createObjectNode().set("required", JSON.valueToTree(List.of(kind.type()))));
      kinds.set(defName(kind), JSON.valueToTree(kind.schema()));
    }
    // repeat and layers after the kinds, as a person would read the item
    for (String key : List.of("repeat", "layers")) properties.set(key, properties.remove(key));
    ObjectNode ordered = JSON.createObjectNode();
    for (Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> it = defs.fields();
        it.hasNext(); ) {
      Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> e = it.next();
      ordered.set(e.getKey(), e.getValue());
      if (e.getKey().equals("layerItem")) ordered.setAll(kinds);
    }
    schema.set("$defs", ordered);
    try {
      return JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(schema)
          + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
