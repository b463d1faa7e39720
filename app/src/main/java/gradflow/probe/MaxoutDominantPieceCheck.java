package gradflow.probe;

import gradflow.spec.Threshold;
import gradflow.spec.Thresholds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MAXOUT_DOMINANT_PIECE: at least {@code dominant_units} (default 0.5) of a Maxout layer's units
 * have one piece winning at least {@code dominant_share} (default 0.95) of all inputs, so the other
 * pieces barely learn and the unit is nearly affine.
 */
final class MaxoutDominantPieceCheck implements Check {
  private static final CheckInfo INFO =
      new CheckInfo(
          "MAXOUT_DOMINANT_PIECE",
          Severity.WARN,
          null,
          "one piece of most Maxout units wins almost every input, so the unit is nearly affine",
          List.of(Threshold.DOMINANT_SHARE, Threshold.DOMINANT_UNITS),
          List.of("piece_win_count"));

  /** Shared with {@link MaxoutDeadPieceCheck}: both come from pieces set far apart. */
  static final String REMEDY =
      "the pieces differ by far more than the inputs move them: initialise biases at zero (bias_init: zeros) and"
          + " weights with he_uniform or xavier_uniform so that every piece can win for some inputs";

  /** How many units one piece dominates, and the mean share of each unit's top piece. */
  private record Dominance(int dominated, double meanTopShare) {
    static Dominance of(long[][] wins, double share) {
      int dominated = 0;
      double topShareSum = 0;
      for (long[] unit : wins) {
        double topShare = PieceWins.topShare(unit);
        if (Double.isNaN(topShare)) continue; // never run: counts as 0 in the mean
        topShareSum += topShare;
        if (topShare >= share) dominated++;
      }
      return new Dominance(dominated, topShareSum / wins.length);
    }
  }

  /** Wins summed over the last {@link UnitFractions#TAIL_WINDOWS} logged windows. */
  private static long[][] tailWins(RunStats run, String layer, int units, int k) {
    long[][] sum = new long[units][k];
    int index = run.indexOf(layer);
    List<StepStats> steps = run.steps();
    for (int i = Math.max(0, steps.size() - UnitFractions.TAIL_WINDOWS); i < steps.size(); i++) {
      long[][] w = steps.get(i).layers().get(index).pieceWins();
      if (w == null) continue;
      for (int u = 0; u < units; u++) for (int j = 0; j < k; j++) sum[u][j] += w[u][j];
    }
    return sum;
  }

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> check(RunStats run, Thresholds thresholds) {
    List<Finding> findings = new ArrayList<>();
    double share = thresholds.get(Threshold.DOMINANT_SHARE);
    double unitsLimit = thresholds.get(Threshold.DOMINANT_UNITS);
    run.totalPieceWins()
        .forEach(
            (layer, wins) -> {
              int units = wins.length;
              int k = wins[0].length;
              Dominance whole = Dominance.of(wins, share);
              Dominance end = Dominance.of(tailWins(run, layer, units, k), share);
              // judged over the whole run and over the last windows: training can break an early
              // dominance (Adam lowers the winning piece) or create one late
              Dominance worst = end.dominated() > whole.dominated() ? end : whole;
              if (worst.dominated() > 0 && (double) worst.dominated() / units >= unitsLimit) {
                Map<String, Object> evidence = new LinkedHashMap<>();
                evidence.put("dominated_units", worst.dominated());
                evidence.put("units", units);
                evidence.put("judged_over", worst == end ? "last logged windows" : "whole run");
                evidence.put("dominated_units_whole_run", whole.dominated());
                evidence.put("dominated_units_last_windows", end.dominated());
                evidence.put("mean_top_piece_share", worst.meanTopShare());
                Map<String, Double> threshold = new LinkedHashMap<>();
                threshold.put(Threshold.DOMINANT_SHARE.key(), share);
                threshold.put(Threshold.DOMINANT_UNITS.key(), unitsLimit);
                findings.add(
                    INFO.finding(
                        Severity.WARN,
                        layer,
                        worst.dominated()
                            + " of "
                            + layer
                            + "'s "
                            + units
                            + " units have one piece winning at least "
                            + Numbers.percent(share)
                            + " of all inputs over the "
                            + evidence.get("judged_over")
                            + " (mean top-piece share "
                            + Numbers.percent(worst.meanTopShare())
                            + ")",
                        evidence,
                        threshold,
                        REMEDY));
              }
            });
    return findings;
  }
}
