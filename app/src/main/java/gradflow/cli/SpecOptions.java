package gradflow.cli;

import gradflow.layers.expr.ExprActivation;
import gradflow.layers.expr.ExprException;
import gradflow.onnx.OnnxImport;
import gradflow.spec.ExpressionError;
import gradflow.spec.MemoryEstimate;
import gradflow.spec.MemoryLimit;
import gradflow.spec.NetworkSpec;
import gradflow.spec.SpecReader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.bytedeco.javacpp.Pointer;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The spec argument and the memory it may use, shared by every command that reads a spec. Overrides
 * of its contents come from {@link RunOptions}, {@link TrainingOptions} and {@link GateOptions}, on
 * the commands where they mean something.
 */
final class SpecOptions {
  @Parameters(
      index = "0",
      paramLabel = "SPEC",
      description = "network spec, YAML or JSON (- reads standard input)")
  Path spec;

  @Option(
      names = "--max-memory",
      paramLabel = "SIZE",
      description =
          "memory the run may use, e.g. 512m or 8g (default: the JVM's heap and off-heap limits);"
              + " a spec estimated to need more is refused before training")
  String maxMemory;

  /** The limit specs are checked against: --max-memory, or the JVM's heap and ND4J's off-heap. */
  MemoryLimit memoryLimit() {
    if (maxMemory != null) {
      try {
        return MemoryLimit.of(MemoryLimit.parse(maxMemory));
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage());
      }
    }
    long heap = Runtime.getRuntime().maxMemory();
    long offHeap = Pointer.maxBytes(); // ND4J allocates through JavaCPP, which enforces these
    long physical = Pointer.maxPhysicalBytes(); // heap and off-heap together
    if (offHeap <= 0) offHeap = Long.MAX_VALUE;
    if (physical > 0) offHeap = Math.min(offHeap, Math.max(0, physical - heap));
    return new MemoryLimit(heap, offHeap, false);
  }

  /**
   * Refuses a spec made in code (a sweep variant) whose estimate does not fit {@link
   * #memoryLimit()}; the spec file itself was checked, with its location, when it was read.
   */
  void checkMemory(NetworkSpec s, String what) {
    String refusal;
    try {
      refusal = memoryLimit().refusal(MemoryEstimate.of(s));
    } catch (ArithmeticException e) {
      refusal = "its sizes overflow a 64-bit count";
    }
    if (refusal != null)
      throw new UserError(
          what + ": " + refusal + "; make it smaller or give a larger --max-memory");
  }

  /** Reads the spec. */
  NetworkSpec load() {
    return load(spec);
  }

  /**
   * Reads the spec for a command that runs it as written: a {@code sweep:} in it is ignored, with
   * one note on {@code err} (never stdout, which may carry JSON) pointing at {@code compare}.
   */
  NetworkSpec loadIgnoringSweep(PrintStream err) {
    NetworkSpec s = load();
    if (!s.sweep().isEmpty()) {
      long n = s.sweep().variantCount();
      err.printf(
          "note: %s has a sweep (%d variant%s); `gradflow compare %s` runs them, this command"
              + " runs the spec as written%n",
          spec, n, n == 1 ? "" : "s", spec);
      err.flush();
    }
    return s;
  }

  /** SHA-256 of the bytes each spec was parsed from, by the path it was named by. */
  private final Map<Path, String> hashes = new HashMap<>();

  /** Reads {@code file} (compare reads several specs). */
  NetworkSpec load(Path file) {
    // read once: the hash must be of the bytes parsed, and a pipe (/dev/stdin) has no second read
    byte[] bytes = SpecReader.readBytes(file);
    hashes.put(file, sha256(bytes));
    return SpecReader.parse(
        bytes, file, SpecOptions::checkExpression, memoryLimit(), new OnnxImport());
  }

  /** Custom activations are parsed while the spec is read, so their errors carry file positions. */
  static Optional<ExpressionError> checkExpression(String source) {
    try {
      ExprActivation.parse(source);
      return Optional.empty();
    } catch (ExprException e) {
      return Optional.of(new ExpressionError(e.column(), e.reason()));
    }
  }

  /** SHA-256 of the spec's bytes as {@link #load()} read them, for provenance. */
  String sha256() {
    return sha256(spec);
  }

  /** SHA-256 of the bytes {@link #load(Path)} parsed for {@code file}, or null before loading. */
  String sha256(Path file) {
    return hashes.get(file);
  }

  /** SHA-256 of {@code bytes}, hex: what provenance records of a file that was read. */
  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
