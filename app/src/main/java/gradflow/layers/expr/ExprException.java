package gradflow.layers.expr;

/**
 * A syntax error in an activation expression. {@link #column()} is 1-based and counts UTF-16 chars
 * of the source as given (a tab is one column); an error at the end of the text points one past the
 * last character. {@link #reason()} says what is wrong without the position, for callers that print
 * their own location (the spec reader adds file, line and the column of the string).
 */
public final class ExprException extends RuntimeException {
  private final String source;
  private final int column;
  private final String reason;

  public ExprException(String source, int column, String reason) {
    super("column " + column + ": " + reason);
    this.source = source;
    this.column = column;
    this.reason = reason;
  }

  /** The expression text that failed to parse. */
  public String source() {
    return source;
  }

  /** 1-based column of the offending character, or source length + 1 at the end. */
  public int column() {
    return column;
  }

  /** What is wrong, such as "unexpected ')'" or "missing ')' to close '(' at column 4". */
  public String reason() {
    return reason;
  }

  /** The source and a caret under the column, on two lines, for error output. */
  public String pointer() {
    return source + "\n" + " ".repeat(Math.max(0, column - 1)) + "^";
  }
}
