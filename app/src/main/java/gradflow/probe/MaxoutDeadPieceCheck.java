package gradflow.probe;

import gradflow.spec.Threshold;
import gradflow.spec.Thresholds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MAXOUT_DEAD_PIECE: at least {@code dead_pieces} (default 0.1) of a Maxout layer's pieces never
 * won over the whole run, so they never received a gradient.
 */
final class MaxoutDeadPieceCheck implements Check {
  private static final CheckInfo INFO =
      new CheckInfo(
          "MAXOUT_DEAD_PIECE",
          Severity.WARN,
          null,
          "Maxout pieces that never won for any input, so they never received a gradient",
          List.of(Threshold.DEAD_PIECES),
          List.of("piece_win_count"));

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> check(RunStats run, Thresholds thresholds) {
    List<Finding> findings = new ArrayList<>();
    double limit = thresholds.get(Threshold.DEAD_PIECES);
    run.totalPieceWins()
        .forEach(
            (layer, wins) -> {
              int pieces = wins.length * wins[0].length;
              int deadPieces = 0;
              for (long[] unit : wins) for (long w : unit) if (w == 0) deadPieces++;
              if (deadPieces == 0 || (double) deadPieces / pieces < limit) return;
              Map<String, Object> evidence = new LinkedHashMap<>();
              evidence.put("dead_pieces", deadPieces);
              evidence.put("pieces", pieces);
              findings.add(
                  INFO.finding(
                      Severity.WARN,
                      layer,
                      deadPieces
                          + " of "
                          + layer
                          + "'s "
                          + pieces
                          + " pieces never won for any input, so they never received a gradient",
                      evidence,
                      Map.of(Threshold.DEAD_PIECES.key(), limit),
                      MaxoutDominantPieceCheck.REMEDY));
            });
    return findings;
  }
}
