package gradflow.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which chart shows a finding, the steps shaded on it, and the HTML charts' axes. */
class FindingChartsTest {
  private static Report.FindingEntry finding(
      String code, String layer, Map<String, Object> evidence) {
    return new Report.FindingEntry(code, "error", layer, "m", evidence, Map.of(), "r");
  }

  @Test
  void eachFindingPointsAtTheChartOfWhatItMeasured() {
    Map<String, Object> ratio =
        Map.of("signal_ratio_median", 1e-3, "held_from_step", 0, "held_to_step", 300);
    assertEquals(
        "signal_per_layer", FindingCharts.chartId(finding("VANISHING_GRADIENT", "d1", ratio)));
    assertEquals(
        "signal_per_layer", FindingCharts.chartId(finding("EXPLODING_GRADIENT", "d1", ratio)));
    assertEquals(
        "grad_per_layer",
        FindingCharts.chartId(finding("EXPLODING_GRADIENT", "d1", Map.of("growth", 1e4))));
    assertEquals("dead_saturated", FindingCharts.chartId(finding("DEAD_UNITS", "d1", Map.of())));
    assertEquals(
        "maxout_max_2_wins",
        FindingCharts.chartId(finding("MAXOUT_DEAD_PIECE", "max 2", Map.of())));
    assertNull(
        FindingCharts.chartId(finding("LARGE_ACTIVATIONS", "d1", Map.of())), "no chart shows it");
  }

  @Test
  void theEpisodeComesFromTheEvidence() {
    var held =
        finding("VANISHING_GRADIENT", "d1", Map.of("held_from_step", 50, "held_to_step", 250));
    assertEquals(new FindingCharts.Episode(50, 250), FindingCharts.episode(held));
    assertEquals(
        "VANISHING_GRADIENT steps 50-250", FindingCharts.label(held, FindingCharts.episode(held)));
    var nan = finding("NON_FINITE", "loss", Map.of("step", 7));
    assertEquals("NON_FINITE step 7", FindingCharts.label(nan, FindingCharts.episode(nan)));
    assertNull(FindingCharts.episode(finding("DEAD_UNITS", "d1", Map.of("dead_fraction", 0.5))));
  }

  @Test
  void aLossSpanningMoreThanADecadeGetsALogAxis() {
    assertTrue(Charts.spansADecade(List.of(2.3, 0.5, 0.2)));
    assertFalse(Charts.spansADecade(List.of(2.3, 1.5, 0.24)), "9.6x: linear");
    assertFalse(Charts.spansADecade(List.of(2.3, 0.0)), "a 0 has no log");
    assertFalse(Charts.spansADecade(List.of()));
  }
}
