package gradflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.OptionSpec;

/** The shipped man pages are what the current commands give, one per command. */
class ManPagesTest {
  private static final Path SHIPPED = Cli.repoRoot().resolve("app/src/dist/man/man1");

  @Test
  void theShippedPagesAreTheGeneratedOnes(@TempDir Path dir) throws IOException {
    ManPages.main(new String[] {dir.toString()});
    List<String> generated = names(dir);
    assertEquals(names(SHIPPED), generated, "run scripts/update-man-pages.sh");
    for (String name : generated)
      assertEquals(
          Files.readString(dir.resolve(name)),
          Files.readString(SHIPPED.resolve(name)),
          name + " differs from the commands: run scripts/update-man-pages.sh");
  }

  @Test
  void eachCommandHasAPageWithItsOptionsAndExitCodes() throws IOException {
    var root =
        new picocli.CommandLine(
            new Main(System.out, System.err, Interrupts.none(), java.util.Map.of()));
    assertEquals(
        Stream.concat(
                Stream.of("gradflow"),
                root.getSubcommands().keySet().stream().map(n -> "gradflow-" + n))
            .map(n -> n + ".1")
            .sorted()
            .toList(),
        names(SHIPPED));
    var analyze = root.getSubcommands().get("analyze").getCommandSpec();
    String page = ManPages.page(analyze);
    assertTrue(page.startsWith(".TH \"GRADFLOW-ANALYZE\" 1 "), page);
    for (OptionSpec o : analyze.options())
      assertTrue(
          page.contains("\\fB" + ManPages.escape(String.join(", ", o.names()))), o.longestName());
    assertTrue(page.contains(".SH EXIT STATUS\n.TP\n\\fB0\\fR\n"), page);
  }

  @Test
  void troffRequestsAndBackslashesInTextAreEscaped() {
    assertEquals(
        "\\&.hidden \\e \\-\\-flag\n\\&'quote", ManPages.escape(".hidden \\ --flag\n'quote"));
    assertEquals("plain text", ManPages.escape("plain text"));
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
