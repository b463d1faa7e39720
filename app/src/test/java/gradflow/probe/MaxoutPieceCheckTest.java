package gradflow.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradflow.spec.Threshold;
import gradflow.spec.Thresholds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * MAXOUT_DOMINANT_PIECE (half the units with one piece winning 95%+) and MAXOUT_DEAD_PIECE (10%+ of
 * the pieces never winning), from whole-run win counts: the two checks side by side, as they run.
 */
class MaxoutPieceCheckTest {
  private static final Thresholds DEFAULTS = Thresholds.defaults();
  private static final long[] BALANCED = {30, 25, 20, 25};
  private static final long[] DOMINATED = {95, 2, 2, 1};

  /** maxout_1 with these win counts per unit (k = 4) over a run of 3 logged steps. */
  private static RunStats run(long[]... wins) {
    return new RunStatsBuilder()
        .maxout(wins.length, wins[0].length)
        .dense("softmax", 10)
        .steps(3, 10, s -> {})
        .totalWins("maxout_1", wins)
        .build();
  }

  private static List<Finding> check(RunStats run, Thresholds thresholds) {
    List<Finding> findings = new ArrayList<>(new MaxoutDominantPieceCheck().check(run, thresholds));
    findings.addAll(new MaxoutDeadPieceCheck().check(run, thresholds));
    return findings;
  }

  private static List<String> codes(List<Finding> findings) {
    return findings.stream().map(Finding::code).toList();
  }

  @Test
  void quietOnBalancedPieces() {
    assertEquals(List.of(), check(run(BALANCED, BALANCED, BALANCED, BALANCED), DEFAULTS));
  }

  @Test
  void quietWithoutMaxoutLayers() {
    RunStats run = new RunStatsBuilder().dense("relu", 4).dense("softmax", 10).step(0).build();
    assertEquals(List.of(), check(run, DEFAULTS));
  }

  @Test
  void dominantPieceFiresWhenHalfTheUnitsAreDominated() {
    // a top share of exactly 95 / 100 counts as dominated; half the units is enough
    List<Finding> findings = check(run(DOMINATED, DOMINATED, BALANCED, BALANCED), DEFAULTS);
    assertEquals(List.of("MAXOUT_DOMINANT_PIECE"), codes(findings));
    Finding f = findings.get(0);
    assertEquals(Severity.WARN, f.severity());
    assertEquals("maxout_1", f.layer());
    assertEquals(2, f.evidence().get("dominated_units"));
    assertEquals(4, f.evidence().get("units"));
    assertEquals(
        (0.95 + 0.95 + 0.30 + 0.30) / 4, (double) f.evidence().get("mean_top_piece_share"), 1e-12);
    assertEquals(Map.of("dominant_share", 0.95, "dominant_units", 0.5), f.threshold());
    assertTrue(f.message().startsWith("2 of maxout_1's 4 units"), f.message());
  }

  @Test
  void dominantPieceQuietBelowEitherThreshold() {
    long[] almost = {94, 3, 2, 1};
    assertEquals(List.of(), check(run(almost, almost, almost, almost), DEFAULTS));
    assertEquals(List.of(), check(run(DOMINATED, BALANCED, BALANCED, BALANCED), DEFAULTS));
  }

  @Test
  void deadPieceFiresAtTenPercent() {
    // 4 units x 10 pieces, 4 of 40 never won (10%); no unit is dominated
    long[] oneDead = {10, 10, 10, 10, 10, 10, 10, 10, 10, 0};
    long[] none = {10, 10, 10, 10, 10, 10, 10, 10, 10, 10};
    List<Finding> findings = check(run(oneDead, oneDead, oneDead, oneDead), DEFAULTS);
    assertEquals(List.of("MAXOUT_DEAD_PIECE"), codes(findings));
    Finding f = findings.get(0);
    assertEquals(Severity.WARN, f.severity());
    assertEquals(Map.of("dead_pieces", 4, "pieces", 40), f.evidence());
    assertEquals(Map.of("dead_pieces", 0.1), f.threshold());
    assertEquals(List.of(), check(run(oneDead, oneDead, oneDead, none), DEFAULTS));
  }

  @Test
  void bothFireWhenOnePieceTakesEverything() {
    long[] all = {0, 400, 0, 0};
    List<Finding> findings = check(run(all, all, all, BALANCED), DEFAULTS);
    assertEquals(List.of("MAXOUT_DOMINANT_PIECE", "MAXOUT_DEAD_PIECE"), codes(findings));
    assertEquals(3, findings.get(0).evidence().get("dominated_units"));
    assertEquals(9, findings.get(1).evidence().get("dead_pieces"));
  }

  @Test
  void unitWithNoWinsIsNotDominatedButItsPiecesAreDead() {
    long[] never = {0, 0, 0, 0};
    List<Finding> findings = check(run(never, never, never, BALANCED), DEFAULTS);
    assertEquals(List.of("MAXOUT_DEAD_PIECE"), codes(findings));
    assertEquals(12, findings.get(0).evidence().get("dead_pieces"));
  }

  @Test
  void thresholdOverrides() {
    long[] strong = {80, 10, 10, 0};
    RunStats run = run(strong, strong, strong, strong);
    assertEquals(List.of("MAXOUT_DEAD_PIECE"), codes(check(run, DEFAULTS)));
    Thresholds t =
        DEFAULTS
            .with(Threshold.DOMINANT_SHARE, 0.8)
            .with(Threshold.DOMINANT_UNITS, 1.0)
            .with(Threshold.DEAD_PIECES, 0.5);
    List<Finding> findings = check(run, t);
    assertEquals(List.of("MAXOUT_DOMINANT_PIECE"), codes(findings));
    assertEquals(Map.of("dominant_share", 0.8, "dominant_units", 1.0), findings.get(0).threshold());
  }

  @Test
  void dominanceThatAppearsLateIsJudgedOnTheLastWindows() {
    long[][] lateWindow = {DOMINATED, DOMINATED, DOMINATED, BALANCED};
    RunStats run =
        new RunStatsBuilder()
            .maxout(4, 4)
            .dense("softmax", 10)
            .steps(6, 10, s -> {})
            .step(60, s -> s.layer(1).wins(lateWindow))
            .step(70, s -> s.layer(1).wins(lateWindow))
            .step(80, s -> s.layer(1).wins(lateWindow))
            .totalWins("maxout_1", new long[][] {BALANCED, BALANCED, BALANCED, BALANCED})
            .build();
    List<Finding> findings = check(run, DEFAULTS);
    assertEquals(List.of("MAXOUT_DOMINANT_PIECE"), codes(findings));
    assertEquals("last logged windows", findings.get(0).evidence().get("judged_over"));
    assertEquals(3, findings.get(0).evidence().get("dominated_units"));
    assertEquals(0, findings.get(0).evidence().get("dominated_units_whole_run"));
  }
}
