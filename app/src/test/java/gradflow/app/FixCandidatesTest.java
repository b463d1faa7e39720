package gradflow.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradflow.probe.Checks;
import gradflow.probe.Finding;
import gradflow.probe.Severity;
import gradflow.report.Fixes;
import gradflow.spec.BatchNormSpec;
import gradflow.spec.DenseSpec;
import gradflow.spec.InitSpec;
import gradflow.spec.NetworkSpec;
import gradflow.spec.ResidualSpec;
import gradflow.spec.SpecReader;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which patches --try-fixes runs for which findings, what they change, and the best-fix rule. */
class FixCandidatesTest {
  private static final NetworkSpec SIGMOID =
      SpecReader.parse(
          "name: s\nseed: 1\ninput: [4]\n"
              + "data: {synthetic: {kind: blobs, classes: 3}}\n"
              + "layers:\n"
              + "  - dense: {units: 8, activation: sigmoid}\n"
              + "  - residual:\n"
              + "      layers:\n"
              + "        - dense: {units: 8, activation: sigmoid}\n"
              + "  - dense: {units: 3, activation: softmax}\n"
              + "optimizer: {adam: {lr: 0.001}}\n",
          "s.yaml",
          null);

  private static Finding finding(String code, Severity severity) {
    return new Finding(code, severity, "dense_1", "m", Map.of(), Map.of(), "r");
  }

  @Test
  void everyFindingCodeIsDeclaredOnce() {
    assertEquals(Set.copyOf(Checks.codes()), FixCandidates.BY_CODE.keySet());
  }

  @Test
  void eachPatchRunsOnceForAllTheFindingsItWasProposedFor() {
    List<FixCandidates.Candidate> c =
        FixCandidates.of(
            SIGMOID,
            List.of(
                finding("VANISHING_GRADIENT", Severity.ERROR),
                finding("SATURATED_UNITS", Severity.WARN)));
    assertEquals(
        List.of(
            "activation=relu init=he_uniform",
            "activation=leaky_relu init=he_uniform",
            "batchnorm",
            "init=he_uniform"), // init=xavier_uniform: already the spec's
        c.stream().map(x -> x.fix().id()).toList());
    assertEquals(List.of("VANISHING_GRADIENT", "SATURATED_UNITS"), c.get(0).proposedFor());
    assertEquals(List.of("VANISHING_GRADIENT"), c.get(3).proposedFor());
  }

  @Test
  void infoFindingsAndPatchesThatChangeNothingAreNotTried() {
    assertTrue(FixCandidates.of(SIGMOID, List.of(finding("DEAD_UNITS", Severity.INFO))).isEmpty());
    // the spec's init is xavier_uniform already (the default)
    assertNull(SpecFix.init("xavier_uniform").apply(SIGMOID));
    assertTrue(
        FixCandidates.of(SIGMOID, List.of(finding("MISSING_GRADIENT", Severity.ERROR))).isEmpty());
  }

  @Test
  void batchNormFollowsEachHiddenLayerAndRenamesTheLayersAfterIt() {
    SpecFix.Patched p = SpecFix.batchNorm().apply(SIGMOID);
    List<String> types = p.spec().layers().stream().map(l -> l.type()).toList();
    assertEquals(List.of("dense", "batchnorm", "residual", "dense"), types);
    assertTrue(p.spec().layers().get(1) instanceof BatchNormSpec);
    // build order: dense_1, residual_2, dense_3 (inside it), dense_4 become 1, 3, 4, 5
    assertEquals("dense_1", p.nameOf("dense_1"));
    assertEquals("residual_3", p.nameOf("residual_2"));
    assertEquals("dense_4", p.nameOf("dense_3"));
    assertEquals("dense_5", p.nameOf("dense_4"));
  }

  @Test
  void residualWrapsEachHiddenDenseLayerAsWideAsItsInput() {
    NetworkSpec plain =
        SpecReader.parse(
            "name: p\nseed: 1\ninput: [4]\n"
                + "data: {synthetic: {kind: blobs, classes: 3}}\n"
                + "layers:\n"
                + "  - dense: {units: 8, activation: sigmoid}\n"
                + "  - dense: {units: 8, activation: sigmoid}\n"
                + "  - dense: {units: 8, activation: sigmoid}\n"
                + "  - dense: {units: 3, activation: softmax}\n"
                + "optimizer: {adam: {lr: 0.001}}\n",
            "p.yaml",
            null);
    SpecFix.Patched p = SpecFix.residual().apply(plain);
    List<String> types = p.spec().layers().stream().map(l -> l.type()).toList();
    // the first maps 4 to 8 and the output 8 to 3: neither can carry an identity path
    assertEquals(List.of("dense", "residual", "residual", "dense"), types);
    assertEquals(plain.layers().get(1), ((ResidualSpec) p.spec().layers().get(1)).layers().get(0));
    // build order: dense_1, residual_2 { dense_3 }, residual_4 { dense_5 }, dense_6
    assertEquals("dense_1", p.nameOf("dense_1"));
    assertEquals("dense_3", p.nameOf("dense_2"));
    assertEquals("dense_5", p.nameOf("dense_3"));
    assertEquals("dense_6", p.nameOf("dense_4"));
    assertNull(SpecFix.residual().apply(SIGMOID), "its one square layer is in a block already");
  }

  @Test
  void zeroBiasResetsEveryBiasInitInsideResidualBlocksToo() {
    NetworkSpec negative =
        SIGMOID.withLayers(
            SIGMOID.layers().stream()
                .map(
                    l ->
                        l instanceof DenseSpec d
                            ? new DenseSpec(
                                d.units(),
                                d.activation(),
                                d.init(),
                                new InitSpec.Constant(-10),
                                true)
                            : l)
                .toList());
    SpecFix.Patched p = SpecFix.zeroBias().apply(negative);
    assertEquals(new InitSpec.Zeros(), ((DenseSpec) p.spec().layers().get(0)).biasInit());
    ResidualSpec block = (ResidualSpec) p.spec().layers().get(1);
    assertEquals(new InitSpec.Zeros(), ((DenseSpec) block.layers().get(0)).biasInit());
    assertNull(SpecFix.zeroBias().apply(SIGMOID), "its biases start at 0 already");
  }

  @Test
  void lrTenthDividesInDecimal() {
    assertEquals(1.0e-4, SpecFix.lrTenth().apply(SIGMOID).spec().optimizer().lr());
    assertEquals(1.0, SpecFix.clipNorm(1.0).apply(SIGMOID).spec().optimizer().clipNorm());
  }

  private static Fixes.Candidate tried(String fix, int cured, int fresh, Double accuracy) {
    Fixes.Target t = new Fixes.Target("VANISHING_GRADIENT", "dense_1", "error");
    return new Fixes.Candidate(
        fix,
        "",
        List.of(),
        new Fixes.Outcome("pass", 1.0, accuracy),
        cured == 0 ? List.of() : List.of(t),
        List.of(),
        fresh == 0 ? List.of() : List.of(t),
        false);
  }

  @Test
  void bestCuresMostWithoutNewFindingsThenHasTheHighestAccuracyThenComesFirst() {
    assertEquals(
        2,
        FixTrials.best(
            List.of(
                tried("none cured", 0, 0, 0.99),
                tried("adds one", 1, 1, 0.99),
                tried("cures", 1, 0, 0.80),
                tried("cures, same accuracy", 1, 0, 0.80),
                tried("cures, no test data", 1, 0, null))));
    assertEquals(-1, FixTrials.best(List.of(tried("adds one", 1, 1, 0.9))));
  }
}
