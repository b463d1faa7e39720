package gradflow.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Threshold enum is the source of truth; the spec schema and docs/spec.md must agree with it.
 */
class ThresholdDocsTest {
  private static final Set<String> KEYS =
      Arrays.stream(Threshold.values())
          .map(Threshold::key)
          .collect(Collectors.toCollection(TreeSet::new));

  @Test
  void schemaListsEveryThresholdWithItsDefault() throws Exception {
    JsonNode props =
        new ObjectMapper().readTree(SpecSchema.text()).at("/properties/thresholds/properties");
    Set<String> schemaKeys = new TreeSet<>();
    props.fieldNames().forEachRemaining(schemaKeys::add);
    assertEquals(KEYS, schemaKeys);
    for (Threshold t : Threshold.values())
      assertEquals(t.defaultValue(), props.get(t.key()).get("default").asDouble(), t.key());
  }

  @Test
  void docsListEveryThresholdWithItsDefault() throws Exception {
    Path docs =
        Files.exists(Path.of("docs/spec.md"))
            ? Path.of("docs/spec.md")
            : Path.of("../docs/spec.md");
    String text = Files.readString(docs);
    for (Threshold t : Threshold.values()) {
      String value =
          t.defaultValue() == Math.rint(t.defaultValue())
              ? String.valueOf((long) t.defaultValue())
              : String.valueOf(t.defaultValue());
      assertTrue(
          text.contains("| `" + t.key() + "` | " + value + " |"),
          t.key() + " = " + value + " missing from docs/spec.md");
    }
  }
}
