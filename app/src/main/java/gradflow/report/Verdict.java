package gradflow.report;

/**
 * What the gate decided about one run, serialised as the report's {@code status}: "pass", "fail",
 * or "interrupted" when a signal stopped training early (its findings judge the steps done, and the
 * exit code is the signal's).
 */
public enum Verdict {
  PASS("pass"),
  FAIL("fail"),
  INTERRUPTED("interrupted");

  private final String label;

  Verdict(String label) {
    this.label = label;
  }

  /** The report's status string. */
  public String label() {
    return label;
  }
}
