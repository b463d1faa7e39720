package gradflow.cli;

import static gradflow.cli.Cli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import gradflow.app.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** validate, schema, --version and --help. */
class CommandsTest {
  static Stream<Path> exampleConfigs() throws IOException {
    try (Stream<Path> files = Files.list(Cli.repoRoot().resolve("configs"))) {
      List<Path> yaml = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
      assertFalse(yaml.isEmpty());
      return yaml.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("exampleConfigs")
  void everyExampleConfigValidates(Path config) {
    Cli.Result r = run("validate", config.toString()).expectCode(ExitCodes.OK);

    assertTrue(r.out().startsWith(config + ": ok ("), r.out());
    assertEquals("", r.err());
  }

  @ParameterizedTest
  @ValueSource(strings = {"spec", "report", "compare"})
  void schemasAreValidJsonSchemas(String which) throws IOException {
    Cli.Result r = run("schema", which).expectCode(ExitCodes.OK);

    JsonNode schema = Cli.readJson(r.out());
    assertEquals("https://json-schema.org/draft/2020-12/schema", schema.get("$schema").asText());
    JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(r.out());
    assertEquals("", r.err());
  }

  @Test
  void unknownSchemaIsInvalidInput() {
    Cli.Result r = run("schema", "model").expectCode(ExitCodes.INVALID_INPUT);

    r.expectNoStackTrace();
    assertTrue(
        r.err().contains("'spec', 'report', 'compare', 'steps' or 'gradcheck', found 'model'"),
        r.err());
    Cli.Result typo = run("schema", "comapre").expectCode(ExitCodes.INVALID_INPUT);
    assertTrue(typo.err().contains("found 'comapre'; did you mean 'compare'?"), typo.err());
  }

  @Test
  void versionPrintsTheVersion() {
    Cli.Result r = run("--version").expectCode(ExitCodes.OK);

    assertEquals("gradflow " + Version.VALUE, r.out().strip());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "analyze", "compare", "validate"})
  void helpListsTheExitCodes(String command) {
    String[] args = command.isEmpty() ? new String[] {"--help"} : new String[] {command, "--help"};

    Cli.Result r = run(args).expectCode(ExitCodes.OK);

    assertTrue(r.out().contains("Exit codes:"), r.out());
    assertTrue(r.out().contains("  0 "), r.out());
    assertTrue(r.out().contains("  2 "), r.out());
    assertEquals("", r.err());
  }

  @Test
  void topLevelHelpListsEveryExitCodeAndCommand() {
    Cli.Result r = run("--help").expectCode(ExitCodes.OK);

    for (String code : new String[] {"0", "1", "2", "3"})
      assertTrue(r.out().contains("  " + code + "   "), () -> code + " missing:\n" + r.out());
    for (String command : new String[] {"analyze", "compare", "validate", "schema"})
      assertTrue(r.out().contains(command), r.out());
  }

  @Test
  void noArgumentsPrintsUsageOnStderrAsAUsageError() {
    Cli.Result r = run().expectCode(ExitCodes.INVALID_INPUT);
    assertTrue(r.err().contains("Usage: gradflow"), r.err());
    assertTrue(r.out().isEmpty(), r.out());
  }

  @Test
  void everyCommandHasHelpVersionAndAHelpEntry() {
    for (String command :
        List.of("analyze", "compare", "validate", "gradcheck", "checks", "schema", "completion")) {
      assertTrue(run(command, "--version").expectCode(0).out().startsWith("gradflow "), command);
      assertTrue(run(command, "--help").expectCode(0).out().contains("Usage: gradflow " + command));
      assertTrue(run("help", command).expectCode(0).out().contains("Usage: gradflow " + command));
    }
  }

  @Test
  void mistypedCommandsAndOptionsGetTheClosestNameOnce() {
    Cli.Result command = run("analyse", "net.yaml").expectCode(ExitCodes.INVALID_INPUT);
    assertTrue(
        command.err().startsWith("gradflow: unknown command 'analyse'; did you mean 'analyze'?\n"),
        command.err());
    Cli.Result option =
        run("analyze", "net.yaml", "--thresold", "dead_fraction=0.2")
            .expectCode(ExitCodes.INVALID_INPUT);
    assertTrue(
        option
            .err()
            .startsWith("gradflow: unknown option '--thresold'; did you mean '--threshold'?\n"),
        option.err());
    assertFalse(option.err().contains("dead_fraction=0.2"), "the value is not a second unknown");
  }

  @Test
  void optionsThatWouldDoNothingAreNotOffered() {
    // gradcheck trains nothing and judges nothing; validate runs nothing
    for (String[] args :
        new String[][] {
          {"gradcheck", "x.yaml", "--steps", "5"},
          {"gradcheck", "x.yaml", "--threshold", "dead_fraction=0.2"},
          {"validate", "x.yaml", "--seed", "3"},
          {"validate", "x.yaml", "--fail-on", "warn"}
        }) {
      Cli.Result r = run(args).expectCode(ExitCodes.INVALID_INPUT);
      assertTrue(r.err().contains("unknown option '" + args[2] + "'"), r.err());
    }
  }

  @Test
  void completionScriptsForBashAndZsh() {
    String bash = run("completion", "bash").expectCode(0).out();
    assertTrue(bash.contains("complete -F") && bash.contains("analyze"), bash);
    String zsh = run("completion", "zsh").expectCode(0).out();
    assertTrue(zsh.startsWith("autoload -U +X bashcompinit && bashcompinit\n"), zsh);
    run("completion", "fish").expectCode(ExitCodes.INVALID_INPUT).expectNoStackTrace();
  }

  @Test
  void gradcheckJsonHasProvenanceAndMatchesItsSchema() throws Exception {
    String spec = Cli.repoRoot().resolve("configs/classic-relu.yaml").toString();
    Cli.Result r = run("gradcheck", spec, "--samples", "2", "--json", "-").expectCode(0);
    com.fasterxml.jackson.databind.JsonNode json = Cli.JSON.readTree(r.out());
    assertTrue(json.get("provenance").get("spec_sha256").asText().matches("[0-9a-f]{64}"), r.out());
    com.networknt.schema.JsonSchema schema =
        com.networknt.schema.JsonSchemaFactory.getInstance(
                com.networknt.schema.SpecVersion.VersionFlag.V202012)
            .getSchema(run("schema", "gradcheck").expectCode(0).out());
    assertEquals(
        java.util.Set.of(), schema.validate(r.out(), com.networknt.schema.InputFormat.JSON));
  }
}
