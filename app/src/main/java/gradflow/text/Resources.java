package gradflow.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Text shipped in the jar (the JSON Schemas): one loader, which says which resource is missing. */
public final class Resources {
  private Resources() {}

  /** The UTF-8 text of classpath resource {@code name} ("/gradflow/report.schema.json"). */
  public static String text(String name) {
    try (InputStream in = Resources.class.getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException("missing resource " + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
