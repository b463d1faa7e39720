package gradflow.data;

/** Training examples and, where the source has one, a test set ({@code test} may be null). */
public record DataSplit(Dataset train, Dataset test) {
  public boolean hasTest() {
    return test != null && test.size() > 0;
  }
}
