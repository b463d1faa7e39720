package gradflow.layers.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Syntax errors: the 1-based column and the reason. */
class ExprErrorTest {
  @ParameterizedTest(name = "\"{0}\" fails at column {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "x +       | 4  | unexpected end of expression: expected a number, x, a function call or"
            + " '('",
        "exp(x     | 6  | missing ')' to close '(' at column 4",
        "2 ** x    | 4  | unexpected '*': expected a number, x, a function call or '('",
        "sigmod(x) | 1  | unknown function 'sigmod'; did you mean 'sigmoid'?",
        "y         | 1  | unknown variable 'y': only x is allowed",
        "\"\"      | 1  | empty expression",
        "\"   \"   | 1  | empty expression",
        "1.5.2     | 4  | malformed number '1.5.2': a second '.'",
        "exp(x))   | 7  | unexpected ')': no '(' to close",
        "2x        | 2  | unexpected 'x': expected an operator (write '*' to multiply)",
        "(x + 1    | 7  | missing ')' to close '(' at column 1",
        "()        | 2  | unexpected ')': expected a number, x, a function call or '('",
        "x # 2     | 3  | unexpected character '#'",
        "1e        | 2  | malformed number '1e': exponent needs digits",
        "exp       | 1  | 'exp' is a function: write exp(...)",
        "min(x)    | 1  | min takes 2 arguments, found 1",
        "tanh(x, 1)| 1  | tanh takes 1 argument, found 2",
        "\"  y\"   | 3  | unknown variable 'y': only x is allowed",
        "x * Exp(x)| 5  | unknown function 'Exp'; did you mean 'exp'?",
        "(x 2)     | 4  | unexpected '2': expected an operator or ')'",
        "x, 1      | 2  | unexpected ','",
        "1e999 * x | 1  | number '1e999' is too large for a double",
      })
  void reportsTheColumnAndReason(String source, int column, String reason) {
    ExprException e = assertThrows(ExprException.class, () -> ExprParser.parse(source));
    assertEquals(reason, e.reason(), source);
    assertEquals(column, e.column(), () -> source + ": " + e.getMessage());
    assertEquals("column " + column + ": " + reason, e.getMessage());
  }

  @Test
  void pointsACaretAtTheColumn() {
    ExprException e = assertThrows(ExprException.class, () -> ExprParser.parse("2 ** x"));
    assertEquals("2 ** x\n   ^", e.pointer());
    assertEquals("2 ** x", e.source());
  }

  @Test
  void unknownFunctionWithNothingCloseListsTheFunctions() {
    ExprException e = assertThrows(ExprException.class, () -> ExprParser.parse("frobnicate(x)"));
    assertEquals(
        "unknown function 'frobnicate'; the functions are exp, log, sqrt, abs, tanh, sigmoid,"
            + " relu, softplus, step, min, max",
        e.reason());
  }
}
