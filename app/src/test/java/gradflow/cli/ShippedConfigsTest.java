package gradflow.cli;

import static gradflow.cli.Cli.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gradflow.model.NetworkBuilder;
import gradflow.onnx.OnnxImport;
import gradflow.spec.ExpressionSyntax;
import gradflow.spec.MemoryLimit;
import gradflow.spec.SpecReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The shipped configs: validate's parameter count is the built network's for every one, and a
 * representative few write every output of analyze at once, well-formed, and pass gradcheck.
 */
class ShippedConfigsTest {
  private static final Pattern PARAMETERS = Pattern.compile(", (\\d+) parameters,");

  @TempDir Path tmp;

  /** Every .yaml under configs/, subfolders included. */
  static Stream<Path> shipped() throws IOException {
    try (Stream<Path> files = Files.walk(Cli.repoRoot().resolve("configs"))) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @Test
  void theFolderIsWalkedRecursively() throws IOException {
    List<Path> configs = shipped().toList();
    assertTrue(configs.size() >= 20, "only " + configs.size() + " configs found");
    assertTrue(configs.stream().anyMatch(p -> p.endsWith(Path.of("vanishing", "relu.yaml"))));
  }

  @ParameterizedTest
  @MethodSource("shipped")
  void validatePrintsTheBuiltNetworksParameterCount(Path config) {
    Cli.Result r = run("validate", config.toString()).expectCode(ExitCodes.OK);
    Matcher m = PARAMETERS.matcher(r.out());
    assertTrue(m.find(), r.out());

    long built =
        NetworkBuilder.build(
                SpecReader.parse(
                    SpecReader.readBytes(config),
                    config,
                    ExpressionSyntax.NONE,
                    MemoryLimit.NONE,
                    new OnnxImport()),
                DataType.FLOAT)
            .parameters()
            .values()
            .stream()
            .mapToLong(INDArray::length)
            .sum();

    assertEquals(built, Long.parseLong(m.group(1)), config + ": " + r.out());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "classic-relu.yaml",
        "conv-maxpool.yaml",
        "deep-residual.yaml",
        "deep-sigmoid-batchnorm.yaml"
      })
  void analyzeWritesEveryOutputAtOnceAndGradcheckPasses(String name) throws Exception {
    Path config = Cli.repoRoot().resolve("configs").resolve(name);
    Path json = tmp.resolve("report.json");
    Path jsonl = tmp.resolve("steps.jsonl");
    Path html = tmp.resolve("report.html");
    Path plots = tmp.resolve("plots");
    Path tensorboard = tmp.resolve("tb");
    Path dump = tmp.resolve("dump");

    Cli.Result r =
        run(
            "analyze",
            config.toString(),
            "--steps",
            "3",
            "-q",
            "--json",
            json.toString(),
            "--jsonl",
            jsonl.toString(),
            "--html",
            html.toString(),
            "--plots",
            plots.toString(),
            "--tensorboard",
            tmp.toString(),
            "--run-name",
            "tb",
            "--dump-step",
            "1",
            "--dump-dir",
            dump.toString());

    assertTrue(r.code() == ExitCodes.OK || r.code() == 1, name + ": exit " + r.code() + r.err());
    r.expectNoStackTrace();
    Cli.assertValidReport(Files.readString(json));
    List<String> lines = Files.readAllLines(jsonl);
    assertFalse(lines.isEmpty(), "no JSONL lines");
    assertEquals("gradflow.steps/1", Cli.readJson(lines.get(0)).get("schema").asText());
    assertTrue(Cli.readJson(lines.get(lines.size() - 1)).has("end"), "the footer");
    for (String line : lines.subList(1, lines.size() - 1))
      assertTrue(Cli.readJson(line).has("step"), line);
    String page = Files.readString(html).strip();
    assertTrue(page.startsWith("<!DOCTYPE html>") && page.endsWith("</html>"), "html is cut");
    checkPlots(plots);
    checkEventFile(tensorboard);
    checkDump(dump);

    run("gradcheck", config.toString(), "--samples", "3", "--batch", "2")
        .expectCode(ExitCodes.OK)
        .expectNoStackTrace();
  }

  /** PNGs start with the PNG signature, SVGs parse as XML. */
  private static void checkPlots(Path plots) throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.list(plots)) {
      files = s.sorted().toList();
    }
    assertTrue(files.stream().anyMatch(p -> p.toString().endsWith(".png")), "no PNG: " + files);
    assertTrue(files.stream().anyMatch(p -> p.toString().endsWith(".svg")), "no SVG: " + files);
    byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    for (Path file : files) {
      if (file.toString().endsWith(".png")) {
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(file), 8);
        assertArrayEquals(signature, head, file.toString());
      } else if (file.toString().endsWith(".svg")) {
        DocumentBuilderFactory xml = DocumentBuilderFactory.newInstance();
        // the SVG DOCTYPE names a DTD on w3.org: well-formedness needs no fetch
        xml.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        xml.newDocumentBuilder().parse(file.toFile());
      }
    }
  }

  /** One event file of whole TFRecords (both CRCs checked), the version record and steps. */
  private static void checkEventFile(Path tensorboard) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(tensorboard)) {
      files = s.toList();
    }
    assertEquals(1, files.size(), "" + files);
    assertTrue(files.get(0).getFileName().toString().startsWith("events.out.tfevents."));
    List<byte[]> records = TensorBoardExportTest.records(Files.readAllBytes(files.get(0)));
    assertTrue(records.size() >= 2, records.size() + " records");
    assertTrue(new String(records.get(0), StandardCharsets.ISO_8859_1).contains("brain.Event:2"));
  }

  /** The manifest parses, and every file it lists exists and has the listed shape. */
  private static void checkDump(Path dump) throws IOException {
    JsonNode manifest = Cli.readJson(Files.readString(dump.resolve("manifest.json")));
    assertEquals(1, manifest.get("step").asInt());
    assertTrue(Files.isRegularFile(dump.resolve(manifest.get("x").asText())));
    assertTrue(Files.isRegularFile(dump.resolve(manifest.get("y").asText())));
    int parameters = 0;
    for (JsonNode layer : manifest.get("layers"))
      for (JsonNode p : layer.get("parameters")) {
        String shape = p.get("shape").toString();
        for (String key : List.of("file", "gradient_file")) {
          Path file = dump.resolve(p.get(key).asText());
          assertTrue(Files.isRegularFile(file), file + " is listed but missing");
          INDArray a = Nd4j.createFromNpyFile(file.toFile());
          assertEquals(shape, Cli.JSON.writeValueAsString(a.shape()), file.toString());
        }
        parameters++;
      }
    assertTrue(parameters > 0, "the manifest lists no parameters");
  }
}
