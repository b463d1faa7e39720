package gradflow.cli;

import gradflow.onnx.OnnxImport;
import gradflow.spec.ImportedModel;
import gradflow.spec.LayerSpec;
import gradflow.spec.ModelImport;
import gradflow.spec.SpecWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code gradflow import FILE.onnx [-o spec.yaml]}: the model as an editable gradflow spec. */
@Command(
    name = "import",
    header = "Write an ONNX model's layers as an editable gradflow spec.",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description =
        "Reads the model's graph as analyze does for model: {onnx: FILE} and writes the same"
            + " layers as a spec with layers:, to edit and try variants on (swap an activation,"
            + " add batchnorm) with analyze and compare. The weights are drawn from each layer's"
            + " init; a spec with model: {onnx: FILE} starts from the file's own. Fill in the"
            + " data: section.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:written", "2:the model cannot be imported (the message names the node)"})
final class ImportCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Parameters(index = "0", paramLabel = "FILE.onnx", description = "the ONNX model")
  Path model;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "SPEC",
      description = "write the spec to SPEC (YAML) instead of stdout")
  String output;

  @Override
  public Integer call() {
    new OutputPlan().readsSpec(model).fileOrStdout("--output", output).check();
    ImportedModel imported;
    try {
      imported = new OnnxImport().load(model);
    } catch (ModelImport.Failure e) {
      // file-level problems name the file already; a node's problem needs it in front
      String message =
          e.getMessage().contains(model.toString())
              ? e.getMessage()
              : model + ": " + e.getMessage();
      throw new UserError(message + (e.hint() == null ? "" : "\n  hint: " + e.hint()));
    }
    String spec = spec(imported);
    if (output == null || output.equals("-")) main.out().print(spec);
    else OutputPaths.write("--output", Path.of(output), spec);
    return ExitCodes.OK;
  }

  static String spec(ImportedModel m) {
    List<LayerSpec> layers = m.layers();
    String name = m.file().getFileName().toString().replaceFirst("\\.onnx$", "");
    return "# "
        + name
        + ", imported from "
        + m.file().getFileName()
        + " by gradflow import: the model's layers, to edit and try variants on.\n"
        + "# Weights start from each layer's init; model: {onnx: "
        + m.file().getFileName()
        + "} in place of layers: starts from the file's.\n"
        + "name: "
        + name
        + "\nseed: 0\ninput: "
        + m.input()
        + "\n# your data: {npy: {x: x.npy, y: y.npy}}, {csv: {...}} or {idx: {...}} (docs/spec.md)\n"
        + "data: {synthetic: {kind: blobs, classes: "
        + classes(layers)
        + "}}\nlayers:\n"
        + SpecWriter.layers(layers, "  ")
        + "loss: cross_entropy\noptimizer: {adam: {lr: 0.001}}\n"
        + "train: {steps: 1000, batch: 32, log_every: 50}\n";
  }

  /** The output layer's units: one per class. */
  private static int classes(List<LayerSpec> layers) {
    LayerSpec last = layers.get(layers.size() - 1);
    return last instanceof gradflow.spec.DenseSpec d ? d.units() : 2;
  }
}
