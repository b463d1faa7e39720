package gradflow.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import gradflow.text.Resources;
import java.io.IOException;
import java.io.UncheckedIOException;

/** JSON for reports and step lines: snake_case keys, no NaN (see {@link ReportBuilder#num}). */
public final class ReportJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
          .enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper COMPACT =
      MAPPER.copy().disable(SerializationFeature.INDENT_OUTPUT);

  private ReportJson() {}

  public static String pretty(Object value) {
    try {
      return MAPPER.writeValueAsString(value) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One line, for JSON Lines streams. */
  public static String line(Object value) {
    try {
      return COMPACT.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The JSON Schema of the report, from the classpath. */
  public static String schema() {
    return Resources.text("/gradflow/report.schema.json");
  }
}
