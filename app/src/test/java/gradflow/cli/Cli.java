package gradflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** Runs {@link Main#run} in-process with captured streams, and the specs and schema tests share. */
final class Cli {
  /** Strict: text after the first JSON document is an error, not ignored. */
  static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private Cli() {}

  /** What one run of gradflow returned and printed. */
  record Result(int code, String out, String err) {
    /** The exit code, with both streams in the failure message. */
    Result expectCode(int expected) {
      assertEquals(expected, code, () -> "exit code; stdout:\n" + out + "\nstderr:\n" + err);
      return this;
    }

    /** No user error may print a stack trace. */
    Result expectNoStackTrace() {
      assertFalse(err.contains("at gradflow."), () -> "stack trace in stderr:\n" + err);
      assertFalse(err.contains("Exception"), () -> "exception in stderr:\n" + err);
      return this;
    }
  }

  static Result run(String... args) {
    return runWithEnv(System.getenv(), args);
  }

  /** As {@link #run}, with {@code env} as the environment the commands see. */
  static Result runWithEnv(java.util.Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(args, o, e, env);
    }
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** The repository root: the folder above the working directory that holds testdata/. */
  static Path repoRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("testdata/mnist-mini"))
          && Files.isDirectory(dir.resolve("configs"))) {
        return dir;
      }
    }
    throw new IllegalStateException("repository root not found above " + Path.of(""));
  }

  static Path mnistMini() {
    return repoRoot().resolve("testdata/mnist-mini");
  }

  static Path write(Path dir, String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  /** Synthetic 3-class blobs in 20 features, a spec head without layers. */
  static String blobsHead(String name) {
    return "name: "
        + name
        + "\n"
        + "seed: 5\n"
        + "input: [20]\n"
        + "data: {synthetic: {kind: blobs, classes: 3, samples: 600, test_samples: 150}}\n";
  }

  /** Trains to 100% in 40 steps with no findings. */
  static final String HEALTHY =
      blobsHead("blobs-healthy")
          + "layers:\n"
          + "  - dense: {units: 32, activation: relu, init: he_uniform}\n"
          + "  - dense: {units: 3, activation: softmax}\n"
          + "optimizer: {adam: {lr: 0.01}}\n"
          + "train: {steps: 40, batch: 32, log_every: 10}\n";

  /** Biases of -10 kill every ReLU unit: DEAD_UNITS and MISSING_GRADIENT errors. */
  static final String DEAD_RELU =
      blobsHead("blobs-dead")
          + "layers:\n"
          + "  - dense: {units: 16, activation: relu, bias_init: {constant: -10}}\n"
          + "  - dense: {units: 3, activation: softmax}\n"
          + "optimizer: {adam: {lr: 0.01}}\n"
          + "train: {steps: 40, batch: 32, log_every: 10}\n";

  /** Maxout biases spread over [0, 40]: only warnings (dominant and dead pieces). */
  static final String MAXOUT_DOMINANT =
      blobsHead("blobs-maxout-dominant")
          + "layers:\n"
          + "  - maxout: {units: 8, k: 3, bias_init: {uniform: [0, 40]}}\n"
          + "  - dense: {units: 3, activation: softmax}\n"
          + "optimizer: {adam: {lr: 0.01}}\n"
          + "train: {steps: 40, batch: 32, log_every: 10}\n";

  /** SGD with a learning rate of 1e5 overflows at step 2. */
  static final String BLOWS_UP =
      blobsHead("blobs-nan")
          + "layers:\n"
          + "  - dense: {units: 16, activation: relu, init: he_uniform}\n"
          + "  - dense: {units: 16, activation: relu, init: he_uniform}\n"
          + "  - dense: {units: 3, activation: softmax}\n"
          + "optimizer: {sgd: {lr: 100000}}\n"
          + "train: {steps: 40, batch: 32, log_every: 5}\n";

  /** A small MNIST spec head (500 training images) with an absolute data dir. */
  static String mnistHead(String name) {
    return "name: "
        + name
        + "\n"
        + "seed: 1\n"
        + "input: [784]\n"
        + "data: {mnist: {dir: '"
        + mnistMini()
        + "', train_count: 500, test_count: 100}}\n";
  }

  private static JsonSchema reportSchema;

  /** The schema that {@code gradflow schema report} prints. */
  static synchronized JsonSchema reportSchema() {
    if (reportSchema == null) {
      Result r = run("schema", "report").expectCode(ExitCodes.OK);
      reportSchema =
          JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(r.out());
    }
    return reportSchema;
  }

  /** Asserts that {@code json} is a valid report. */
  static void assertValidReport(String json) {
    Set<ValidationMessage> problems = reportSchema().validate(json, InputFormat.JSON);
    assertEquals(Set.of(), problems, "report does not match its schema");
  }

  static JsonNode readJson(String text) throws IOException {
    return JSON.readTree(text);
  }
}
