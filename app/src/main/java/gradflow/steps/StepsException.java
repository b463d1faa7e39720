package gradflow.steps;

/** A steps file that breaks the format: the message says file:line: field: what. */
public final class StepsException extends RuntimeException {
  public StepsException(String message) {
    super(message);
  }
}
