package gradflow.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gradflow.probe.LayerStat;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The report schema lists the statistics of {@link LayerStat}, in registry order, in the layer
 * summary (each key, and its median where the statistic is summarised by both) and in the step
 * layer, and its parameter statistics in each layer's {@code parameters}: a statistic added to the
 * registry and not to the schema (or the other way round) fails here.
 */
class ReportSchemaStatsTest {
  private static final List<String> SUMMARY_FIXED =
      List.of("index", "name", "type", "activation", "units", "pieces");

  private static JsonNode defs() throws Exception {
    return new ObjectMapper().readTree(ReportJson.schema()).get("$defs");
  }

  private static List<String> summaryKeys() {
    List<String> keys = new ArrayList<>(SUMMARY_FIXED);
    for (LayerStat stat : LayerStat.values()) {
      keys.add(stat.key());
      if (stat.hasMedian()) keys.add(stat.medianKey());
    }
    return keys;
  }

  private static List<String> stepKeys() {
    List<String> keys = new ArrayList<>(List.of("name"));
    for (LayerStat stat : LayerStat.values()) keys.add(stat.key());
    return keys;
  }

  private static List<String> names(JsonNode node) {
    List<String> out = new ArrayList<>();
    node.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static List<String> withWins(List<String> keys) {
    List<String> out = new ArrayList<>(keys);
    out.add("piece_win_count");
    return out;
  }

  private static List<String> parameterKeys() {
    List<String> keys = new ArrayList<>();
    for (LayerStat stat : LayerStat.of(LayerStat.Scope.PARAMETER)) {
      keys.add(stat.key());
      if (stat.hasMedian()) keys.add(stat.medianKey());
    }
    return keys;
  }

  @Test
  void layerSummaryListsEveryStatistic() throws Exception {
    JsonNode layer = defs().get("layer");
    assertEquals(summaryKeys(), texts(layer.get("required")));
    List<String> properties = withWins(summaryKeys());
    properties.add("parameters");
    assertEquals(properties, names(layer.get("properties")));
  }

  @Test
  void parameterStatsListEveryParameterStatistic() throws Exception {
    JsonNode stats = defs().get("parameterStats");
    assertEquals(parameterKeys(), texts(stats.get("required")));
    assertEquals(parameterKeys(), names(stats.get("properties")));
  }

  @Test
  void stepLayerListsEveryStatistic() throws Exception {
    JsonNode layer = defs().get("stepLayer");
    assertEquals(stepKeys(), texts(layer.get("required")));
    assertEquals(withWins(stepKeys()), names(layer.get("properties")));
  }

  @Test
  void statisticsAreNullableNumbers() throws Exception {
    JsonNode defs = defs();
    for (String def : List.of("layer", "stepLayer"))
      for (LayerStat stat : LayerStat.values())
        assertEquals(
            "#/$defs/nullableNumber",
            defs.get(def).get("properties").get(stat.key()).get("$ref").asText(),
            def + "." + stat.key());
  }
}
