package gradflow.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradflow.spec.NetworkSpec;
import gradflow.spec.SpecReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which variants compare runs, in which order, and under which names. */
class VariantPlanTest {
  private static NetworkSpec spec(String name, String sweep) {
    return SpecReader.parse(
        "name: "
            + name
            + "\nseed: 5\ninput: [4]\n"
            + "data: {synthetic: {kind: blobs, classes: 3, samples: 60}}\n"
            + "layers:\n  - dense: {units: 4, activation: tanh}\n"
            + "  - dense: {units: 3, activation: softmax}\n"
            + "train: {steps: 2, batch: 8, log_every: 1}\n"
            + sweep,
        name + ".yaml",
        null);
  }

  private static VariantPlan.Source source(Path file, NetworkSpec spec) {
    return new VariantPlan.Source(file, "sha-" + file, spec);
  }

  private static List<String> names(List<VariantPlan.Variant> variants) {
    return variants.stream().map(VariantPlan.Variant::name).toList();
  }

  @Test
  void specSweepKeysKeepFileOrderACommandLineKeyReplacesItsOwnAndSeedsVaryFastest() {
    NetworkSpec net = spec("net", "sweep:\n  seed: [1, 2]\n  activation: [sigmoid, relu]\n");
    VariantPlan plan = VariantPlan.of(List.of("activation=relu,tanh", "lr=0.1"), null, null);

    List<VariantPlan.Variant> variants =
        plan.variants(List.of(Path.of("net.yaml")), f -> source(f, net));

    assertEquals(
        List.of(
            "net activation=relu lr=0.1 seed=1",
            "net activation=relu lr=0.1 seed=2",
            "net activation=tanh lr=0.1 seed=1",
            "net activation=tanh lr=0.1 seed=2"),
        names(variants));
    VariantPlan.Variant first = variants.get(0);
    assertEquals("net activation=relu lr=0.1", first.group());
    assertEquals(Map.of("activation", "relu", "lr", "0.1", "seed", "1"), first.sweep());
    assertEquals(List.of("activation", "lr", "seed"), List.copyOf(first.sweep().keySet()));
    assertEquals(1, first.spec().seed());
    assertEquals(0.1, first.spec().optimizer().lr());
    assertTrue(first.spec().sweep().values().isEmpty(), "a variant has no sweep left");
    assertEquals("sha-net.yaml", first.sha256());
  }

  @Test
  void seedsCountFromTheSpecsSeedAndReplaceItsSeedSweep() {
    NetworkSpec net = spec("net", "sweep:\n  seed: [1, 2]\n");
    List<VariantPlan.Variant> variants =
        VariantPlan.of(List.of(), 3, null)
            .variants(List.of(Path.of("n.yaml")), f -> source(f, net));

    assertEquals(List.of("net seed=5", "net seed=6", "net seed=7"), names(variants));
    assertEquals(List.of("net", "net", "net"), variants.stream().map(v -> v.group()).toList());
  }

  @Test
  void withoutASweepAVariantIsTheSpecNamedAsIs() {
    List<VariantPlan.Variant> variants =
        VariantPlan.of(List.of(), null, null)
            .variants(List.of(Path.of("a.yaml")), f -> source(f, spec("a", "")));

    assertEquals(List.of("a"), names(variants));
    assertEquals(Map.of(), variants.get(0).sweep());
  }

  @Test
  void aGroupNameTwoFilesShareGetsTheSecondFilesPath() {
    Path a = Path.of("a/net.yaml");
    Path b = Path.of("b/net.yaml");
    List<VariantPlan.Variant> variants =
        VariantPlan.of(List.of(), null, List.of(1L, 2L))
            .variants(List.of(a, b), f -> source(f, spec("net", "")));

    assertEquals(
        List.of("net seed=1", "net seed=2", "net [" + b + "] seed=1", "net [" + b + "] seed=2"),
        names(variants));
  }

  @Test
  void theSameFileTwiceIsRefusedBeforeAnyIsRead() {
    List<Path> read = new ArrayList<>();
    VariantPlan plan = VariantPlan.of(List.of(), null, null);
    UsageError e =
        assertThrows(
            UsageError.class,
            () ->
                plan.variants(
                    List.of(Path.of("x.yaml"), Path.of("./x.yaml")),
                    f -> {
                      read.add(f);
                      return source(f, spec("x", ""));
                    }));

    assertTrue(e.getMessage().startsWith("./x.yaml is given twice"), e.getMessage());
    assertEquals(List.of(), read);
  }

  @Test
  void conflictingOrBadSeedOptionsAreUsageErrors() {
    assertEquals(
        "--sweep lr is given twice; list all values in one",
        assertThrows(UsageError.class, () -> VariantPlan.of(List.of("lr=1", "lr=2"), null, null))
            .getMessage());
    assertEquals(
        "use one of --seeds, --seed-list and --sweep seed=...",
        assertThrows(UsageError.class, () -> VariantPlan.of(List.of("seed=1,2"), 2, null))
            .getMessage());
    assertEquals(
        "--seeds must be at least 1, found 0",
        assertThrows(UsageError.class, () -> VariantPlan.of(List.of(), 0, null)).getMessage());
    VariantPlan repeated = VariantPlan.of(List.of(), null, List.of(3L, 3L));
    assertEquals(
        "--seed-list: a seed is repeated in [3, 3]",
        assertThrows(
                UsageError.class,
                () -> repeated.variants(List.of(Path.of("r.yaml")), f -> source(f, spec("r", ""))))
            .getMessage());
  }

  @Test
  void runNamesSortInTheOrderGivenAndAreFileSafe() {
    assertEquals(
        "01_net_activation=relu_seed=1", VariantPlan.runName(0, "net activation=relu seed=1"));
    assertEquals("12_a_b_c_", VariantPlan.runName(11, "a/b [c]"));
  }
}
