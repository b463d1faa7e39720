package gradflow.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/spec.md's data section has one table per data kind, listing exactly the binder's keys. */
class DataDocsTest {
  private static final Pattern KIND = Pattern.compile("^`\\{(\\w+): \\{\\.\\.\\.\\}\\}`");
  private static final Pattern ROW = Pattern.compile("^\\| `(\\w+)` \\|");

  @Test
  void everyKindHasATableOfItsKeys() throws IOException {
    Path docs =
        Files.exists(Path.of("docs/spec.md"))
            ? Path.of("docs/spec.md")
            : Path.of("../docs/spec.md");
    String text = Files.readString(docs);
    String section = text.substring(text.indexOf("\n## data\n"), text.indexOf("\n## layers\n"));
    List<String> kinds = new ArrayList<>();
    java.util.Map<String, List<String>> keys = new java.util.LinkedHashMap<>();
    String kind = null;
    for (String line : section.split("\n")) {
      Matcher k = KIND.matcher(line);
      if (k.find()) {
        kind = k.group(1);
        kinds.add(kind);
        keys.put(kind, new ArrayList<>());
      }
      Matcher r = ROW.matcher(line);
      if (r.find() && kind != null) keys.get(kind).add(r.group(1));
    }
    assertEquals(DataBinder.KINDS, kinds);
    for (String each : kinds) assertEquals(DataBinder.KEYS.get(each), keys.get(each), each);
  }
}
