package gradflow.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import gradflow.spec.Thresholds;
import java.util.List;
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
                  s.layer(1).dead(0.2); // warn
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
}
