package gradflow.spec;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradflow.layers.expr.ExprActivation;
import gradflow.layers.expr.ExprException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fuzzing with a fixed seed (a failure names its try and input): any text given to the spec reader
 * gives a spec or a {@link SpecException} with at least one problem, never another exception. The
 * expression checker and a memory limit are on, as in the command line.
 */
class SpecReaderFuzzTest {
  static final long SEED = 20261202L;

  /** Fragments that reach odd corners: limits, YAML features, numbers, expressions. */
  private static final List<String> FRAGMENTS =
      List.of(
          "-1",
          "0",
          "2147483647",
          "2147483648",
          "1e309",
          "-0.0",
          ".nan",
          "NaN",
          "null",
          "~",
          "[]",
          "{}",
          "[[[[",
          "}}",
          ": ",
          "- ",
          "\n",
          "\n  ",
          "\t",
          "#",
          "&a ",
          "*a",
          "!!binary ",
          "|",
          ">",
          "'",
          "\"",
          "\u0000",
          "\uFEFF",
          "units: 100000000",
          "repeat: 1000",
          "k: 1",
          "{expr: \"x+\"}",
          "{expr: \"exp(x)\"}",
          "sweep: {lr: [0.1, 0.01]}",
          "input: [28, 28, 1]",
          "{mnist: {dir: d}}",
          "{synthetic: {kind: teacher, samples: 2147483647}}");

  private static final List<String> SEEDS = new ArrayList<>();

  @BeforeAll
  static void readSeeds() throws IOException {
    Path root = Path.of("").toAbsolutePath();
    while (!Files.isDirectory(root.resolve("configs"))) root = root.getParent();
    try (Stream<Path> files = Files.list(root.resolve("configs"))) {
      for (Path f : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList())
        SEEDS.add(Files.readString(f));
    }
    Path resources = root.resolve("app/src/test/resources/gradflow/spec");
    for (String name : List.of("full.yaml", "minimal.yaml", "momentum.json"))
      SEEDS.add(Files.readString(resources.resolve(name)));
    assertTrue(SEEDS.size() > 5, "seed specs found: " + SEEDS.size());
  }

  @Test
  void mutatedSpecsParseOrGiveSpecException() {
    SplittableRandom random = new SplittableRandom(SEED);
    int parsed = 0;
    for (int i = 0; i < 1500; i++) {
      StringBuilder text = new StringBuilder(SEEDS.get(random.nextInt(SEEDS.size())));
      for (int edits = random.nextInt(1, 5); edits > 0; edits--) {
        int at = random.nextInt(text.length() + 1);
        switch (random.nextInt(4)) {
          case 0 -> text.insert(at, FRAGMENTS.get(random.nextInt(FRAGMENTS.size())));
          case 1 -> text.delete(at, Math.min(text.length(), at + random.nextInt(1, 12)));
          case 2 -> {
            int end = Math.min(text.length(), at + random.nextInt(1, 40));
            text.insert(at, text.substring(at, end)); // duplicate a stretch, e.g. a key
          }
          default -> {
            if (at < text.length()) text.setCharAt(at, (char) random.nextInt(0x20, 0x7f));
          }
        }
      }
      if (check(i, text.toString(), random.nextInt(4) == 0 ? "net.json" : "net.yaml")) parsed++;
    }
    // both outcomes are exercised: small edits often leave a valid spec
    assertTrue(parsed > 100 && parsed < 1400, "parsed " + parsed + " of 1500");
  }

  @Test
  void randomTextParsesOrGivesSpecException() {
    SplittableRandom random = new SplittableRandom(SEED + 1);
    String alphabet = "abcxyz019 :-,[]{}#&*!|>'\"\n\t.";
    for (int i = 0; i < 1500; i++) {
      StringBuilder text = new StringBuilder();
      for (int n = random.nextInt(0, 80); n > 0; n--) {
        if (random.nextInt(8) == 0) text.append(FRAGMENTS.get(random.nextInt(FRAGMENTS.size())));
        else text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      check(i, text.toString(), random.nextBoolean() ? "net.json" : "net.yaml");
    }
  }

  /** True if {@code text} parsed; fails the test on anything but a spec or SpecException. */
  private static boolean check(int attempt, String text, String name) {
    try {
      SpecReader.parse(
          text, name, null, SpecReaderFuzzTest::checkExpression, MemoryLimit.of(1L << 30));
      return true;
    } catch (SpecException e) {
      assertFalse(e.problems().isEmpty(), () -> where(attempt, name, text) + ": no problems");
      assertFalse(e.render().isBlank(), () -> where(attempt, name, text));
      return false;
    } catch (RuntimeException | Error e) {
      throw new AssertionError(where(attempt, name, text), e);
    }
  }

  private static String where(int attempt, String name, String text) {
    return "seed " + SEED + ", try " + attempt + " (" + name + "):\n" + text;
  }

  /** As the command line does: formulas are parsed while the spec is read. */
  private static Optional<ExpressionError> checkExpression(String source) {
    try {
      ExprActivation.parse(source);
      return Optional.empty();
    } catch (ExprException e) {
      return Optional.of(new ExpressionError(e.column(), e.reason()));
    }
  }
}
