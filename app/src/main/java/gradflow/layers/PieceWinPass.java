package gradflow.layers;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A layer pass whose units each pass on the winner of k pieces (Maxout): how often each won. */
public interface PieceWinPass extends LayerPass {
  /** Wins of each (unit, piece) over this batch, [units, k]; ties went to the lowest piece. */
  INDArray winCounts();
}
