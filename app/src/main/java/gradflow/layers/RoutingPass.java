package gradflow.layers;

/** A layer pass that routes each window's gradient to one input (max-pooling): how it routed. */
public interface RoutingPass extends LayerPass {
  /** Share of input positions that won at least one window, so receive any gradient. */
  double routedShare();

  /** Windows whose maximum was tied; each sent its gradient to the first maximum only. */
  long ties();

  /** Windows in the batch (examples x channels x output positions). */
  long windows();
}
