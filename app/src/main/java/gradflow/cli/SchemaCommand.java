package gradflow.cli;

import gradflow.report.ComparisonBuilder;
import gradflow.report.ReportJson;
import gradflow.spec.SpecSchema;
import gradflow.steps.StepsFormat;
import gradflow.text.DidYouMean;
import gradflow.text.Resources;
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
          case "gradcheck" -> Resources.text("/gradflow/gradcheck.schema.json");
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
}
