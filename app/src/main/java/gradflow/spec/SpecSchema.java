package gradflow.spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The JSON Schema (draft 2020-12) of the spec, for editors and {@code gradflow schema spec}. It
 * checks shapes and ranges; {@link SpecReader} adds the checks across sections and better messages.
 */
public final class SpecSchema {
  static final String RESOURCE = "/gradflow/spec.schema.json";

  private SpecSchema() {}

  /** The schema text as shipped in the jar. */
  public static String text() {
    try (InputStream in = SpecSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) throw new IllegalStateException("missing resource " + RESOURCE);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
