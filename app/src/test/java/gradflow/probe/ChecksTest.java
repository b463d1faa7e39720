package gradflow.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradflow.spec.Threshold;
import gradflow.spec.Thresholds;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Checks.run: every check runs; findings come most severe first, then input side first. */
class ChecksTest {
  @Test
  void healthyRunHasNoFindings() {
    RunStats run =
        new RunStatsBuilder()
            .dense("relu", 10)
            .dense("sigmoid", 10)
            .maxout(2, 2)
            .dense("softmax", 10)
            .ratios(50, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
            .totalWins("maxout_3", new long[][] {{5, 5}, {4, 6}})
            .build();
    assertEquals(List.of(), Checks.run(run, Thresholds.defaults()));
  }

  @Test
  void ordersBySeverityThenLayer() {
    RunStats run =
        new RunStatsBuilder()
            .dense("relu", 10)
            .dense("sigmoid", 10)
            .dense("relu", 10)
            .dense("softmax", 10)
            .steps(
                4,
                10,
                s -> {
                  s.layer(1).dead(0.6); // warn (from half the layer)
                  s.layer(2).saturated(0.9); // warn
                  s.layer(3).dead(1); // error
                })
            .zeroGradient("dense_4.W") // error
            .nonFinite(30, "loss", "loss") // error, not a layer: last among errors
            .build();
    List<String> got =
        Checks.run(run, Thresholds.defaults()).stream()
            .map(f -> f.severity().label() + " " + f.code() + " " + f.layer())
            .toList();
    assertEquals(
        List.of(
            "error DEAD_UNITS dense_3",
            "error MISSING_GRADIENT dense_4",
            "error NON_FINITE loss",
            "warn DEAD_UNITS dense_1",
            "warn SATURATED_UNITS dense_2"),
        got);
  }

  @Test
  void disabledCodesAreNotRunAndTheOthersAre() {
    RunStats run =
        new RunStatsBuilder()
            .dense("relu", 10)
            .dense("sigmoid", 10)
            .dense("softmax", 10)
            .steps(
                4,
                10,
                s -> {
                  s.layer(1).dead(0.2);
                  s.layer(2).saturated(0.9);
                })
            .build();
    List<String> codes =
        Checks.run(run, Thresholds.defaults(), List.of("DEAD_UNITS")).stream()
            .map(Finding::code)
            .toList();
    assertEquals(List.of("SATURATED_UNITS"), codes);
  }

  @Test
  void oneCodePerCheckAndEveryThresholdIsReadBySomeCheck() {
    List<String> codes = Checks.codes();
    assertEquals(codes.size(), Set.copyOf(codes).size(), "codes are unique: " + codes);
    for (String code : codes) assertTrue(code.matches("[A-Z]+(_[A-Z]+)*"), code);
    Set<Threshold> read = EnumSet.noneOf(Threshold.class);
    for (CheckInfo info : Checks.all()) {
      read.addAll(info.thresholds());
      assertFalse(info.summary().isBlank(), info.code());
      assertTrue(info.severity() != Severity.ERROR || info.escalation() == null, info.code());
    }
    assertEquals(EnumSet.allOf(Threshold.class), read, "a threshold no check reads is dead");
  }

  /** Each finding a check emits carries that check's code and only reads declared thresholds. */
  @Test
  void findingsCarryTheirCheckCodeAndDeclaredThresholds() {
    RunStats run =
        new RunStatsBuilder()
            .dense("relu", 10)
            .dense("sigmoid", 10)
            .maxout(2, 2)
            .dense("softmax", 10)
            .steps(
                4,
                10,
                s -> {
                  s.layer(1).dead(1);
                  s.layer(2).saturated(0.9);
                })
            .totalWins("maxout_3", new long[][] {{10, 0}, {10, 0}})
            .zeroGradient("dense_4.W")
            .nonFinite(30, "loss", "loss")
            .build();
    Set<String> seen = new java.util.HashSet<>();
    for (CheckInfo info : Checks.all()) {
      Set<String> declared = new java.util.HashSet<>();
      for (Threshold t : info.thresholds()) declared.add(t.key());
      List<String> others = new java.util.ArrayList<>(Checks.codes());
      others.remove(info.code());
      for (Finding f : Checks.run(run, Thresholds.defaults(), others)) {
        assertEquals(info.code(), f.code());
        assertTrue(declared.containsAll(f.threshold().keySet()), info.code() + " " + f.threshold());
        seen.add(f.code());
      }
    }
    assertTrue(seen.size() >= 6, "most checks fired in this run: " + seen);
  }

  /** What each check says it reads is a key of docs/steps-format.md, so judge can tell. */
  @Test
  void everyCheckReadsRecordedStatisticsByTheirFormatNames() {
    Set<String> keys =
        new java.util.HashSet<>(
            Set.of("saturation_shares", "piece_win_count", "parameters", "end"));
    for (LayerStat stat : LayerStat.values()) keys.add(stat.key());
    for (CheckInfo info : Checks.all()) {
      assertFalse(info.reads().isEmpty(), info.code());
      assertTrue(keys.containsAll(info.reads()), info.code() + " reads " + info.reads());
    }
  }
}
