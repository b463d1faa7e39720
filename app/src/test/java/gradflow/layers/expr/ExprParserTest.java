package gradflow.layers.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import gradflow.layers.expr.Expr.Binary;
import gradflow.layers.expr.Expr.BinaryOp;
import gradflow.layers.expr.Expr.Neg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Precedence, associativity and literals, checked against values worked out by hand. */
class ExprParserTest {
  private static double at(String source, double x) {
    return ExprParser.parse(source).evaluate(x);
  }

  @ParameterizedTest(name = "{0} at x = {1} is {2}")
  @CsvSource(
      delimiter = ';',
      value = {
        "1 + 2 * 3; 0; 7",
        "(1 + 2) * 3; 0; 9",
        "10 - 4 - 3; 0; 3", // left-associative: (10 - 4) - 3
        "64 / 4 / 2; 0; 8",
        "2 ^ 3 ^ 2; 0; 512", // right-associative: 2^(3^2)
        "(2 ^ 3) ^ 2; 0; 64",
        "-x^2; 3; -9", // -(x^2)
        "(-x)^2; 3; 9",
        "-2^2; 0; -4",
        "2^-1; 0; 0.5", // a unary minus in the exponent
        "2^-x^2; 1; 0.5", // 2^(-(x^2))
        "-x * 2; 3; -6",
        "- -x; 3; 3",
        "x - -x; 3; 6",
        "2 * x ^ 2 + 1; 3; 19",
        "1 - x / 2 * 4; 3; -5", // (x / 2) * 4
        "1.5 * x * sigmoid(x); 0; 0",
        "exp(-x^2); 0; 1",
        "max(x, 1 - x) + min(2, x); 3; 5",
        "1e-3 * x; 2; 0.002",
        "1.5E+2 + .5; 0; 150.5",
        "step(x) + step(-x); 0; 0", // step(0) = 0
        "relu(x) - relu(-x); -2.5; -2.5",
        "abs(x) + sqrt(x^2); -3; 6",
        "log(exp(x)); 1.25; 1.25",
      })
  void evaluatesWithMathPrecedence(String source, double x, double expected) {
    assertEquals(expected, at(source, x), 1e-12, source);
  }

  @Test
  void skipsWhitespaceOfAnyKind() {
    assertEquals(6, at(" x\t*\n3 ", 2));
  }

  @Test
  void buildsTheExpectedTree() {
    Expr e = ExprParser.parse("-x^2");
    Neg neg = assertInstanceOf(Neg.class, e);
    assertEquals(BinaryOp.POW, assertInstanceOf(Binary.class, neg.operand()).op());
    assertEquals(
        new Binary(BinaryOp.SUB, new Binary(BinaryOp.SUB, num(1), num(2)), num(3)),
        ExprParser.parse("1 - 2 - 3"));
    assertEquals(
        new Binary(BinaryOp.POW, num(2), new Binary(BinaryOp.POW, num(3), new Expr.X())),
        ExprParser.parse("2^3^x"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "exp(-x^2)",
        "1.5 * x * sigmoid(x)",
        "(-x)^2",
        "2^3^x",
        "(2^3)^x",
        "1 - (2 - x)",
        "x / (2 * x)",
        "-(-x)",
        "min(x, max(-x, 0.001))",
        "x^-2",
        "-x * (x + 1)",
      })
  void rendersTextThatParsesBackToTheSameTree(String source) {
    Expr e = ExprParser.parse(source);
    assertEquals(e, ExprParser.parse(e.toString()), () -> source + " rendered as " + e);
  }

  @Test
  void rendersMinimalParentheses() {
    assertEquals("exp(-x^2)", ExprParser.parse("exp(-(x^2))").toString());
    assertEquals("1.5 * x * sigmoid(x)", ExprParser.parse("((1.5 * x) * sigmoid(x))").toString());
    assertEquals("(-x)^2", ExprParser.parse("(-x)^2").toString());
  }

  @Test
  void rejectsTooDeepNesting() {
    String deep = "(".repeat(ExprParser.MAX_DEPTH + 1) + "x" + ")".repeat(ExprParser.MAX_DEPTH + 1);
    ExprException e = assertThrows(ExprException.class, () -> ExprParser.parse(deep));
    assertEquals(ExprParser.MAX_DEPTH + 1, e.column());
  }

  private static Expr num(double v) {
    return new Expr.Num(v);
  }
}
