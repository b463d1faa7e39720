package gradflow.cli;

import gradflow.model.NetworkBuilder;
import gradflow.spec.MemoryEstimate;
import gradflow.spec.MemoryLimit;
import gradflow.spec.NetworkSpec;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code gradflow validate SPEC}: check a spec without loading data or training. */
@Command(
    name = "validate",
    header = "Check a spec without training.",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description = {
      "Checks syntax, names, values, shapes and sweep: and reports every problem",
      "at its file:line:column, and refuses a spec that would not fit in memory",
      "(see --max-memory). Prints 'ok', the layer and exact parameter counts, the",
      "estimated memory to train and, for a spec with sweep:, the number of variants."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the spec is valid",
      "2:the spec has errors (all are listed, with file:line:column)"
    })
final class ValidateCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Mixin SpecOptions specOptions;

  @Override
  public Integer call() {
    NetworkSpec spec = specOptions.load(); // the ok line itself tells of a sweep
    long params = NetworkBuilder.parameterCount(spec); // the builder's own plan, nothing allocated
    MemoryEstimate memory = MemoryEstimate.of(spec);
    String sweep =
        spec.sweep().isEmpty()
            ? ""
            : ", a sweep of " + spec.sweep().variantCount() + " variants for gradflow compare";
    main.out()
        .printf(
            "%s: ok (%d layers, %d parameters, about %s to train%s)%n",
            specOptions.spec,
            spec.layers().size(),
            params,
            MemoryLimit.bytes(memory.totalBytes()),
            sweep);
    return ExitCodes.OK;
  }
}
