package gradflow.cli;

import static gradflow.cli.Cli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gradflow compare}: variants, sweeps, seed groups, the table, JSON and exit codes. */
class CompareCommandTest {
  @TempDir Path dir;

  /** Three hidden dense layers, so the activation sweep has something to change. */
  static final String DEEP =
      Cli.blobsHead("blobs-deep")
          + "layers:\n"
          + "  - repeat: 3\n"
          + "    dense: {units: 12, activation: relu, init: xavier_uniform}\n"
          + "  - dense: {units: 3, activation: softmax}\n"
          + "optimizer: {adam: {lr: 0.01}}\n"
          + "train: {steps: 20, batch: 32, log_every: 5}\n";

  @Test
  void tableHasOneColumnPerVariantInTheGivenOrderAndOneRowPerLayer() throws IOException {
    Path deep = Cli.write(dir, "deep.yaml", DEEP);
    Path healthy = Cli.write(dir, "healthy.yaml", Cli.HEALTHY);
    Path json = dir.resolve("cmp.json");

    Cli.Result r =
        run(
                "compare",
                deep.toString(),
                healthy.toString(),
                "--sweep",
                "activation=sigmoid,relu",
                "--steps",
                "20",
                "--fail-on",
                "never",
                "--json",
                json.toString())
            .expectCode(ExitCodes.OK);

    JsonNode c = Cli.readJson(Files.readString(json));
    assertEquals(
        List.of(
            "blobs-deep activation=sigmoid",
            "blobs-deep activation=relu",
            "blobs-healthy activation=sigmoid",
            "blobs-healthy activation=relu"),
        names(c.get("variants")));
    assertEquals(4, c.get("groups").size());
    List<String> lines = r.out().lines().toList();
    int legend1 = indexOf(lines, "[1] blobs-deep activation=sigmoid");
    int legend4 = indexOf(lines, "[4] blobs-healthy activation=relu");
    assertTrue(legend1 >= 0 && legend4 > legend1, r.out());
    // dense_1..dense_4 of blobs-deep; blobs-healthy has only dense_1, dense_2: "-" below
    for (String block : List.of("mean |dL/dW|", "mean |dL/dz|")) {
      int start = indexOf(lines, block);
      assertTrue(start > 0, r.out());
      for (int i = 1; i <= 4; i++) {
        String row = lines.get(start + i).trim();
        assertTrue(row.startsWith(i + " dense_" + i), row);
        assertEquals(5, row.split("\\s+").length - 1, row); // index, name and 4 cells
        if (i > 2) assertTrue(row.endsWith("-"), row);
      }
      assertTrue(!lines.get(start + 5).trim().matches("\\d+ dense_.*"), r.out());
    }
    for (String label :
        List.of("dL/dW first/last", "signal first/last", "test accuracy", "findings"))
      assertTrue(indexOf(lines, label) > 0, label + " row missing:\n" + r.out());
  }

  @Test
  void seedsFormOneGroupWithTheMedianAndRangeOfTheVariants() throws IOException {
    Path deep = Cli.write(dir, "deep.yaml", DEEP);

    Cli.Result r =
        run("compare", deep.toString(), "--seeds", "3", "--json", "-").expectCode(ExitCodes.OK);

    JsonNode c = Cli.readJson(r.out());
    JsonNode variants = c.get("variants");
    assertEquals(3, variants.size());
    assertEquals(List.of(5L, 6L, 7L), longs(variants, "seed")); // the spec's seed and the next two
    assertEquals(1, c.get("groups").size());
    JsonNode g = c.get("groups").get(0);
    assertEquals("[0,1,2]", g.get("variants").toString());
    for (int layer = 0; layer < 4; layer++) {
      for (String field : List.of("mean_abs_grad_median", "mean_abs_signal_median")) {
        double[] xs = new double[3];
        for (int v = 0; v < 3; v++)
          xs[v] = variants.get(v).get("layers").get(layer).get(field).asDouble();
        assertNotEquals(xs[0], xs[1], "seeds should give different numbers");
        double[] sorted = xs.clone();
        Arrays.sort(sorted);
        JsonNode stat = g.get("layers").get(layer).get(field);
        assertEquals(sorted[1], stat.get("median").asDouble(), 0.0, field);
        assertEquals(sorted[0], stat.get("min").asDouble(), 0.0, field);
        assertEquals(sorted[2], stat.get("max").asDouble(), 0.0, field);
        assertEquals(3, stat.get("n").asInt());
      }
    }
    double[] acc = new double[3];
    for (int v = 0; v < 3; v++) acc[v] = variants.get(v).get("test_accuracy").asDouble();
    Arrays.sort(acc);
    assertEquals(acc[1], g.get("test_accuracy").get("median").asDouble(), 0.0);
    // the table (on stderr, as --json - took stdout) shows median (min..max)
    String cell =
        String.format(
            java.util.Locale.ROOT,
            "%.1e (%.1e..%.1e)",
            g.get("layers").get(0).get("mean_abs_grad_median").get("median").asDouble(),
            g.get("layers").get(0).get("mean_abs_grad_median").get("min").asDouble(),
            g.get("layers").get(0).get("mean_abs_grad_median").get("max").asDouble());
    assertTrue(r.err().contains(cell), cell + " not in\n" + r.err());
    Cli.assertValidReport(Cli.run("analyze", deep.toString(), "-q", "--json", "-").out());
  }

  @Test
  void sweepsMultiplyInTheGivenOrderWithSeedsFastest() throws IOException {
    Path deep = Cli.write(dir, "deep.yaml", DEEP);

    Cli.Result r =
        run(
                "compare",
                deep.toString(),
                "--sweep",
                "seed=1,2",
                "--sweep",
                "activation=sigmoid,leaky_relu:0.01",
                "--sweep",
                "lr=0.01,0.001",
                "--steps",
                "20",
                "--fail-on",
                "never",
                "-q",
                "--json",
                "-")
            .expectCode(ExitCodes.OK);

    JsonNode c = Cli.readJson(r.out());
    assertEquals(8, c.get("variants").size());
    assertEquals(4, c.get("groups").size());
    assertEquals(
        "{\"activation\":\"sigmoid\",\"lr\":\"0.01\",\"seed\":\"1\"}",
        c.get("variants").get(0).get("sweep").toString());
    assertEquals(
        "blobs-deep activation=leaky_relu:0.01 lr=0.001 seed=2",
        c.get("variants").get(7).get("name").asText());
    assertEquals(
        "blobs-deep activation=sigmoid lr=0.001", c.get("groups").get(1).get("name").asText());
    // the sweep really changed the network: sigmoid and leaky relu give different gradients
    assertNotEquals(
        c.get("variants").get(0).get("layers").get(0).get("mean_abs_grad_median").asDouble(),
        c.get("variants").get(4).get("layers").get(0).get("mean_abs_grad_median").asDouble());
  }

  @Test
  void aSweepInTheSpecMakesTheVariantsInFileOrderWithSeedsFastest() throws IOException {
    Path deep =
        Cli.write(
            dir,
            "deep.yaml",
            DEEP + "sweep:\n  seed: [1, 2]\n  activation: [sigmoid, leaky_relu:0.01]\n");

    Cli.Result r =
        run("compare", deep.toString(), "--steps", "6", "--fail-on", "never", "-q", "--json", "-")
            .expectCode(ExitCodes.OK);

    JsonNode c = Cli.readJson(r.out());
    assertEquals(
        List.of(
            "blobs-deep activation=sigmoid seed=1",
            "blobs-deep activation=sigmoid seed=2",
            "blobs-deep activation=leaky_relu:0.01 seed=1",
            "blobs-deep activation=leaky_relu:0.01 seed=2"),
        names(c.get("variants")));
    assertEquals(List.of(1L, 2L, 1L, 2L), longs(c.get("variants"), "seed"));
    assertEquals(
        List.of("blobs-deep activation=sigmoid", "blobs-deep activation=leaky_relu:0.01"),
        names(c.get("groups")));
    assertEquals("[0,1]", c.get("groups").get(0).get("variants").toString());
    assertEquals("[2,3]", c.get("groups").get(1).get("variants").toString());
    assertNotEquals( // the file's sweep really changed the network
        c.get("variants").get(0).get("layers").get(0).get("mean_abs_grad_median").asDouble(),
        c.get("variants").get(2).get("layers").get(0).get("mean_abs_grad_median").asDouble());
  }

  @Test
  void theCommandLineReplacesTheFilesValuesForItsKeysOnly() throws IOException {
    Path deep =
        Cli.write(
            dir,
            "deep.yaml",
            DEEP
                + "sweep:\n"
                + "  activation: [sigmoid, relu]\n"
                + "  lr: [0.01, 0.001]\n"
                + "  seed: [1, 2]\n");
    String[] common = {"--steps", "6", "--fail-on", "never", "-q", "--json", "-"};

    List<String> args = new ArrayList<>(List.of("compare", deep.toString()));
    args.addAll(List.of("--sweep", "activation=tanh", "--sweep", "batch=8", "--seed-list", "7"));
    args.addAll(List.of(common));
    JsonNode c = Cli.readJson(run(args.toArray(String[]::new)).expectCode(ExitCodes.OK).out());

    // activation keeps its place before lr with tanh only; batch comes after; seed 7 replaces 1, 2
    assertEquals(
        List.of(
            "blobs-deep activation=tanh lr=0.01 batch=8 seed=7",
            "blobs-deep activation=tanh lr=0.001 batch=8 seed=7"),
        names(c.get("variants")));

    List<String> seeds = new ArrayList<>(List.of("compare", deep.toString(), "--seeds", "2"));
    seeds.addAll(List.of(common));
    JsonNode s = Cli.readJson(run(seeds.toArray(String[]::new)).expectCode(ExitCodes.OK).out());
    assertEquals(8, s.get("variants").size());
    assertEquals(List.of(5L, 6L, 5L, 6L), longs(s.get("variants"), "seed").subList(0, 4));

    List<String> swept = new ArrayList<>(List.of("compare", deep.toString()));
    swept.addAll(List.of("--sweep", "seed=3", "--sweep", "lr=0.1"));
    swept.addAll(List.of(common));
    JsonNode w = Cli.readJson(run(swept.toArray(String[]::new)).expectCode(ExitCodes.OK).out());
    assertEquals(
        List.of(
            "blobs-deep activation=sigmoid lr=0.1 seed=3",
            "blobs-deep activation=relu lr=0.1 seed=3"),
        names(w.get("variants")));
  }

  @Test
  void theWorstVariantDecidesTheExitCode() throws IOException {
    Path healthy = Cli.write(dir, "healthy.yaml", Cli.HEALTHY);
    Path dead = Cli.write(dir, "dead.yaml", Cli.DEAD_RELU);

    Cli.Result fail = run("compare", healthy.toString(), dead.toString(), "--steps", "20");
    fail.expectCode(ExitCodes.FINDINGS);
    assertTrue(fail.out().contains("DEAD_UNITS!"), fail.out());
    assertTrue(fail.out().contains("FAIL"), fail.out());

    run("compare", healthy.toString(), dead.toString(), "--steps", "20", "--fail-on", "never")
        .expectCode(ExitCodes.OK);
  }

  @Test
  void theSameSpecTwiceIsAnInputError() throws IOException {
    Path healthy = Cli.write(dir, "healthy.yaml", Cli.HEALTHY);
    Cli.Result r =
        run("compare", healthy.toString(), dir.resolve("./healthy.yaml").toString())
            .expectCode(ExitCodes.INVALID_INPUT)
            .expectNoStackTrace();
    assertTrue(r.err().contains("is given twice"), r.err());
  }

  @Test
  void badSweepsAreInputErrorsWithAHint() throws IOException {
    Path healthy = Cli.write(dir, "healthy.yaml", Cli.HEALTHY);

    Cli.Result key = run("compare", healthy.toString(), "--sweep", "activaton=relu");
    key.expectCode(ExitCodes.INVALID_INPUT).expectNoStackTrace();
    assertTrue(key.err().contains("did you mean 'activation'?"), key.err());
    assertEquals("", key.out());

    Cli.Result value = run("compare", healthy.toString(), "--sweep", "activation=rleu");
    value.expectCode(ExitCodes.INVALID_INPUT).expectNoStackTrace();
    assertTrue(value.err().contains("did you mean 'relu'?"), value.err());

    for (String[] args :
        List.of(
            new String[] {"--sweep", "lr=fast"},
            new String[] {"--sweep", "init=he"},
            new String[] {"--sweep", "steps=0"},
            new String[] {"--sweep", "activation"},
            new String[] {"--seeds", "2", "--seed-list", "1,2"},
            new String[] {"--jobs", "0"})) {
      List<String> all = new ArrayList<>(List.of("compare", healthy.toString()));
      all.addAll(List.of(args));
      run(all.toArray(String[]::new)).expectCode(ExitCodes.INVALID_INPUT).expectNoStackTrace();
    }
  }

  @Test
  void jsonMatchesItsSchemaAndTwoJobsGiveTheSameNumbersAsOne() throws IOException {
    Path deep = Cli.write(dir, "deep.yaml", DEEP);
    Path dead = Cli.write(dir, "dead.yaml", Cli.DEAD_RELU);
    String[] args = {
      "compare",
      deep.toString(),
      dead.toString(),
      "--seed-list",
      "3,4",
      "--steps",
      "20",
      "--fail-on",
      "never",
      "-q",
      "--json",
      "-"
    };

    Cli.Result one = run(args).expectCode(ExitCodes.OK);
    List<String> withJobs = new ArrayList<>(List.of(args));
    withJobs.addAll(List.of("--jobs", "2"));
    Cli.Result two = run(withJobs.toArray(String[]::new)).expectCode(ExitCodes.OK);

    assertEquals(one.out(), two.out());
    String schemaText = run("schema", "compare").expectCode(ExitCodes.OK).out();
    JsonSchema schema =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaText);
    assertEquals(Set.of(), schema.validate(one.out(), InputFormat.JSON));
    JsonNode c = Cli.readJson(one.out());
    assertEquals("gradflow.compare/1", c.get("schema").asText());
    assertEquals(4, c.get("variants").size());
    assertEquals(2, c.get("groups").size());
    assertTrue(c.get("groups").get(1).get("findings").toString().contains("DEAD_UNITS"));
  }

  private static List<String> names(JsonNode array) {
    List<String> names = new ArrayList<>();
    array.forEach(v -> names.add(v.get("name").asText()));
    return names;
  }

  private static List<Long> longs(JsonNode array, String field) {
    List<Long> xs = new ArrayList<>();
    array.forEach(v -> xs.add(v.get(field).asLong()));
    return xs;
  }

  private static int indexOf(List<String> lines, String text) {
    for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(text)) return i;
    return -1;
  }

  /** On a terminal, a progress line counts finished runs on stderr and erases itself at the end. */
  @Test
  void progressOnATerminalOnlyAndOnStderr() throws IOException {
    Path healthy = Cli.write(dir, "healthy.yaml", Cli.HEALTHY);
    String[] args = {
      "compare", healthy.toString(), "--seeds", "2", "--steps", "10", "--json", "-", "--jobs", "2"
    };
    Cli.Result plain = run(args).expectCode(ExitCodes.OK);
    assertTrue(!plain.err().contains("runs done"), "no terminal, no progress: " + plain.err());
    System.setProperty("gradflow.stderrTty", "true");
    try {
      Cli.Result tty = run(args).expectCode(ExitCodes.OK);
      assertTrue(tty.err().contains("\rcompare: 1/2 runs done "), tty.err());
      assertTrue(tty.err().contains("\rcompare: 2/2 runs done \r\033[K"), tty.err());
      assertEquals(plain.out(), tty.out(), "stdout is the same JSON either way");
    } finally {
      System.clearProperty("gradflow.stderrTty");
    }
  }
}
