package gradflow.spec;

/**
 * What is wrong with an expression, as an {@link ExpressionSyntax} reports it.
 *
 * @param column 1-based column in the expression text; {@code length + 1} points just past its end
 *     ("x +" missing an operand: column 4)
 * @param message what is wrong, e.g. "expected a number, x or '(' after '+'"
 */
public record ExpressionError(int column, String message) {
  public ExpressionError {
    if (column < 1) throw new IllegalArgumentException("column is 1-based, found " + column);
    if (message == null || message.isBlank()) {
      throw new IllegalArgumentException("an expression error needs a message");
    }
  }
}
