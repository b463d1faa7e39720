package gradflow.cli;

import gradflow.report.ComparisonBuilder;
import gradflow.report.ReportJson;
import gradflow.spec.SpecSchema;
import gradflow.steps.StepsFormat;
import gradflow.text.DidYouMean;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code gradflow schema spec|report|compare}: print a JSON Schema. */
@Command(
    name = "schema",
    header = "Print the JSON Schema of the spec, the report or the comparison.",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description = "The schemas follow JSON Schema draft 2020-12.")
final class SchemaCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Parameters(
      index = "0",
      paramLabel = "WHICH",
      description = "spec, report, compare, steps (one line of gradflow.steps/1) or gradcheck")
  String which;

  @Override
  public Integer call() {
    String text =
        switch (which) {
          case "spec" -> SpecSchema.text();
          case "report" -> ReportJson.schema();
          case "compare" -> ComparisonBuilder.schema();
          case "steps" -> StepsFormat.schema();
          case "gradcheck" -> resource("/gradflow/gradcheck.schema.json");
          default -> {
            throw new UserError(
                "schema takes 'spec', 'report', 'compare', 'steps' or 'gradcheck', found '"
                    + which
                    + "'"
                    + DidYouMean.suggestion(
                        which, List.of("spec", "report", "compare", "steps", "gradcheck")));
          }
        };
    main.out().print(text.endsWith("\n") ? text : text + "\n");
    return ExitCodes.OK;
  }

  private static String resource(String name) {
    try (java.io.InputStream in = SchemaCommand.class.getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException("missing resource " + name);
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
