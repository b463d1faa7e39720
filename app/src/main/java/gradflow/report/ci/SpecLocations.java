package gradflow.report.ci;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a run's layers were written, for outputs that point at the spec (SARIF, workflow
 * annotations): the spec file as given on the command line and each layer's line and column (of its
 * type key; every layer of an imported model points at the {@code model:} key). A finding on
 * "network", or a spec read from code, has no line: only the file is named.
 *
 * @param file the spec file as given, or null when there is none
 * @param layers {@code {line, column}} by layer name
 */
public record SpecLocations(String file, Map<String, int[]> layers) {
  public SpecLocations {
    layers = Map.copyOf(layers);
  }

  /** {@code {line, column}} of {@code layer}, or null when it has none. */
  public int[] of(String layer) {
    return layers.get(layer);
  }

  /** The spec file as a relative URI with forward slashes (SARIF), or a file: URI when absolute. */
  public String uri() {
    if (file == null) return null;
    Path path = Path.of(file);
    if (path.isAbsolute()) return path.toUri().toString();
    StringBuilder uri = new StringBuilder();
    for (int i = 0; i < path.getNameCount(); i++) {
      if (i > 0) uri.append('/');
      uri.append(
          URLEncoder.encode(path.getName(i).toString(), StandardCharsets.UTF_8)
              .replace("+", "%20"));
    }
    return uri.toString();
  }
}
