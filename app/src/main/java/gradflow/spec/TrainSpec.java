package gradflow.spec;

/**
 * Training length: {@code steps} mini-batches of {@code batch}, statistics every {@code logEvery}.
 */
public record TrainSpec(int steps, int batch, int logEvery) {
  public TrainSpec {
    if (steps < 1) throw new IllegalArgumentException("steps must be at least 1, found " + steps);
    if (batch < 1) throw new IllegalArgumentException("batch must be at least 1, found " + batch);
    if (logEvery < 1)
      throw new IllegalArgumentException("log_every must be at least 1, found " + logEvery);
  }
}
