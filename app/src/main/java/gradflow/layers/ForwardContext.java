package gradflow.layers;

/**
 * What a forward pass is told from outside instead of keeping it on the layer: the mode, which
 * random stream a training pass draws from, and whether it may update layer state.
 *
 * <ul>
 *   <li>{@code training}: batch statistics for BatchNorm and masks for Dropout ({@code true}), or
 *       running averages and the identity ({@code false}).
 *   <li>{@code pass}: the index of the training pass, in training the step (0, 1, ...). Dropout
 *       draws the masks of pass i from a stream seeded from (its seed, i), so the same index gives
 *       the same masks. Ignored at inference.
 *   <li>{@code updatesState}: whether BatchNorm moves its running averages towards the batch
 *       statistics. A replayed pass (finite differences) leaves them alone.
 * </ul>
 */
public record ForwardContext(boolean training, long pass, boolean updatesState) {
  /** Inference: running averages, no dropout, no state change. */
  public static final ForwardContext INFERENCE = new ForwardContext(false, 0, false);

  public ForwardContext {
    if (pass < 0) throw new IllegalArgumentException("pass must be >= 0, found " + pass);
    if (!training && updatesState)
      throw new IllegalArgumentException("an inference pass does not update layer state");
  }

  /** Training pass {@code pass}: its dropout masks, and running averages updated. */
  public static ForwardContext training(long pass) {
    return new ForwardContext(true, pass, true);
  }

  /**
   * Training pass {@code pass} again, as finite differences need it: the same dropout masks and
   * batch statistics, with every layer's state left as it is.
   */
  public static ForwardContext replay(long pass) {
    return new ForwardContext(true, pass, false);
  }
}
