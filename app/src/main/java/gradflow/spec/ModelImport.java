package gradflow.spec;

import java.nio.file.Path;

/**
 * Reads {@code model: {onnx: FILE}} while the spec is read, so a problem in the model file is
 * reported with the other spec problems, at the {@code onnx:} setting. The spec package knows no
 * model format; whoever owns one passes its reader to {@link SpecReader}.
 */
@FunctionalInterface
public interface ModelImport {
  /** For readers that import nothing: a {@code model:} section is then an error. */
  ModelImport NONE =
      file -> {
        throw new Failure(
            "model import is not available to this reader", "use gradflow analyze or validate");
      };

  /** The model in {@code file}, with the file's weights as initial values. */
  ImportedModel load(Path file) throws Failure;

  /** Why a model cannot be used: the message names the node, the hint says what to do. */
  final class Failure extends Exception {
    private final String hint;

    public Failure(String message, String hint) {
      super(message);
      this.hint = hint;
    }

    public String hint() {
      return hint;
    }
  }
}
