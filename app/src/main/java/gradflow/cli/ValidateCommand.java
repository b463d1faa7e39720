package gradflow.cli;

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
    description = {
      "Checks syntax, names, values, shapes and sweep: and reports every problem",
      "at its file:line:column. Prints 'ok', the layer and parameter counts and,",
      "for a spec with sweep:, the number of variants."
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
    long params = spec.layers().isEmpty() ? 0 : countParameters(spec);
    String sweep =
        spec.sweep().isEmpty()
            ? ""
            : ", a sweep of " + spec.sweep().variantCount() + " variants for gradflow compare";
    main.out()
        .printf(
            "%s: ok (%d layers, %d parameters%s)%n",
            specOptions.spec, spec.layers().size(), params, sweep);
    return ExitCodes.OK;
  }

  private static long countParameters(NetworkSpec spec) {
    long total = 0;
    long in = spec.inputSize();
    for (var layer : spec.layers()) {
      if (layer instanceof gradflow.spec.DenseSpec d) {
        total += in * d.units() + (d.bias() ? d.units() : 0);
        in = d.units();
      } else if (layer instanceof gradflow.spec.MaxoutSpec m) {
        total += (in + 1) * (long) m.units() * m.k();
        in = m.units();
      }
    }
    return total;
  }
}
