package gradflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every field of the report and compare JSON says what it is, in the schema a reader gets. */
class SchemaDescriptionsTest {

  @Test
  void everyPropertyOfTheReportAndCompareSchemasHasADescription() throws IOException {
    for (String schema : List.of("report", "compare")) {
      JsonNode root = Cli.readJson(Cli.run("schema", schema).expectCode(0).out());
      assertEquals(List.of(), undescribed(root, "#"), "gradflow schema " + schema);
    }
  }

  @Test
  void aPropertyWithoutOneIsNamedByItsPath() throws IOException {
    JsonNode root = Cli.readJson(Cli.run("schema", "report").expectCode(0).out());
    ((ObjectNode) root.at("/$defs/layer/properties/units")).remove("description");
    ((ObjectNode) root.at("/properties/name")).put("description", " ");
    assertEquals(
        List.of("#/properties/name", "#/$defs/layer/properties/units"), undescribed(root, "#"));
  }

  /** The path of every property under a "properties" object that has no non-blank description. */
  private static List<String> undescribed(JsonNode node, String path) {
    List<String> missing = new ArrayList<>();
    if (node.isObject()) {
      JsonNode props = node.get("properties");
      if (props != null && props.isObject())
        for (Map.Entry<String, JsonNode> p : props.properties())
          if (p.getValue().path("description").asText("").isBlank())
            missing.add(path + "/properties/" + p.getKey());
      for (Map.Entry<String, JsonNode> child : node.properties())
        missing.addAll(undescribed(child.getValue(), path + "/" + child.getKey()));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++)
        missing.addAll(undescribed(node.get(i), path + "/" + i));
    }
    return missing;
  }
}
