package gradflow.spec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import gradflow.layers.expr.ExprParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The limits in the code are the ones docs/spec.md promises ("Limits"). */
class LimitsDocsTest {
  @Test
  void docsStateEveryLimitTheCodeEnforces() throws Exception {
    Path docs =
        Files.exists(Path.of("docs/spec.md"))
            ? Path.of("docs/spec.md")
            : Path.of("../docs/spec.md");
    String text = Files.readString(docs);
    String section = text.substring(text.indexOf("## Limits"), text.indexOf("## Errors"));
    assertRow(section, "spec file", (SpecReader.MAX_FILE_BYTES >> 20) + " MiB");
    assertRow(section, "nesting", SpecTreeParser.MAX_NESTING + " levels");
    assertRow(section, "one text value", grouped(SpecTreeParser.MAX_TEXT) + " characters");
    assertRow(section, "activation expression", grouped(ExprParser.MAX_LENGTH) + " characters");
    assertRow(section, "activation expression", grouped(ExprParser.MAX_HEIGHT) + " operators");
    assertRow(section, "layers after", grouped(Limits.MAX_LAYERS));
    assertRow(section, "values in one array", grouped(Limits.MAX_VALUES));
  }

  private static String grouped(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static void assertRow(String section, String what, String limit) {
    String row =
        section.lines().filter(l -> l.startsWith("| " + what)).findFirst().orElse("(no row)");
    assertTrue(row.contains(limit), "docs/spec.md Limits row '" + what + "': " + row);
  }
}
