package gradflow.steps;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import gradflow.report.ci.SpecLocations;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a judged steps file shows each layer, for SARIF and workflow annotations: the line and
 * column of the layer's {@code "name"} in the first step line that records it (a judged file has no
 * spec to point at). A layer no step line records is located at the file only.
 */
public final class StepsLocations {
  private StepsLocations() {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * {@code lines} as read from {@code file} (null: stdin, no file to point at); {@code layers} the
   * header's layer names.
   */
  public static SpecLocations of(List<String> lines, String file, List<String> layers) {
    if (file == null) return new SpecLocations(null, Map.of());
    Map<String, Pattern> wanted = new LinkedHashMap<>();
    for (String layer : layers) wanted.put(layer, namePattern(layer));
    Map<String, int[]> found = new LinkedHashMap<>();
    boolean header = true;
    for (int i = 0; i < lines.size() && found.size() < wanted.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) continue;
      if (header) { // the header names every layer too; a step line is what recorded it
        header = false;
        continue;
      }
      for (Map.Entry<String, Pattern> e : wanted.entrySet()) {
        if (found.containsKey(e.getKey())) continue;
        Matcher m = e.getValue().matcher(line);
        if (m.find()) found.put(e.getKey(), new int[] {i + 1, m.start() + 1});
      }
    }
    return new SpecLocations(file, found);
  }

  /** {@code "name": "LAYER"} with the name as JSON writes it, any spacing around the colon. */
  private static Pattern namePattern(String layer) {
    try {
      return Pattern.compile("\"name\"\\s*:\\s*" + Pattern.quote(JSON.writeValueAsString(layer)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a string always serialises", e);
    }
  }
}
