package gradflow.layers.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradflow.layers.expr.Expr.Binary;
import gradflow.layers.expr.Expr.Call;
import gradflow.layers.expr.Expr.Neg;
import gradflow.layers.expr.Expr.Num;
import gradflow.layers.expr.Expr.X;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Issue 8: expressions are capped in length and height, every pass is safe for what the caps let
 * through, and derivatives of nested min/max cost time linear in the depth (shared subterms).
 */
class ExprLimitsTest {
  private static final double[] POINTS = {-2.3, -1.3, -0.7, -0.2, 0, 0.15, 0.4, 0.8, 1.9, 3.1};

  /** "x+x+...+x" with {@code ops} operators. */
  private static String chain(String op, int ops) {
    return "x" + (op + "x").repeat(ops);
  }

  private static String nested(String fn, int depth) {
    return (fn + "(").repeat(depth) + "x" + ",0)".repeat(depth);
  }

  @Test
  void tenThousandAndOneTermsAreRefusedByLengthNotByStackOverflow() {
    String source = chain("+", 10_000); // 20,001 characters: StackOverflowError before issue 8
    ExprException e = assertThrows(ExprException.class, () -> ExprActivation.parse(source));
    assertEquals(ExprParser.MAX_LENGTH + 1, e.column());
    assertTrue(
        e.reason().startsWith("expression is longer than 10000 characters (found 20001)"),
        e.reason());
  }

  @ParameterizedTest
  @ValueSource(strings = {"+", "-", "*", "/"})
  void aChainOneOperatorPastTheHeightCapIsLocatedAtThatOperator(String op) {
    String source = chain(op, ExprParser.MAX_HEIGHT + 1);
    ExprException e = assertThrows(ExprException.class, () -> ExprParser.parse(source));
    assertEquals(2 * (ExprParser.MAX_HEIGHT + 1), e.column()); // the 2001st operator
    assertTrue(e.reason().startsWith("expression is more than 2000 operators deep"), e.reason());
  }

  @ParameterizedTest
  @ValueSource(strings = {"+", "-", "*", "/"})
  void aChainAtTheHeightCapParsesDerivesAndEvaluates(String op) {
    String source = chain(op, ExprParser.MAX_HEIGHT);
    ExprActivation a =
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> ExprActivation.parse(source));
    Expr f = a.expression();
    for (double x : new double[] {0.5, 1.0, 1.7}) {
      assertEquals(Reference.eval(f, x), f.evaluate(x), 0.0);
    }
    double at = op.equals("+") ? 2001 : op.equals("-") ? -1999 : Double.NaN;
    if (!Double.isNaN(at)) assertEquals(at, a.derivativeExpression().evaluate(0.3), 0.0);
    assertEquals(source, f.toString().replace(" ", "")); // rendering is safe too
  }

  /** A 2x margin: the passes fit in half of the JVM's default 1 MiB thread stack. */
  @Test
  void theHeightCapLeavesStackToSpare() throws InterruptedException {
    Throwable[] failure = new Throwable[1];
    Runnable work =
        () -> {
          try {
            for (String op : new String[] {"+", "-", "*", "/"}) {
              ExprActivation a = ExprActivation.parse(chain(op, ExprParser.MAX_HEIGHT));
              a.expression().toString();
            }
          } catch (Throwable t) {
            failure[0] = t;
          }
        };
    Thread thread = new Thread(null, work, "half-stack", 512 * 1024);
    thread.start();
    thread.join();
    assertEquals(null, failure[0]);
  }

  @Test
  void groupingALongSumInParenthesesKeepsItUnderTheCap() {
    String half = chain("+", 1_500);
    Expr f = ExprParser.parse("(" + half + ")+(" + half + ")");
    assertEquals(3002, f.evaluate(1), 0.0);
  }

  @Test
  void hundredNestedMaxValidatesFastAndKeepsItsValues() {
    // before issue 8: 16 deep 3.7 s, 20 deep 46 s (the derivative doubles per level)
    String source = nested("max", 100);
    long start = System.nanoTime();
    ExprActivation a =
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> ExprActivation.parse(source));
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.println("max( x100: parse + derive + 2001-point sample in " + millis + " ms");
    Expr df = a.derivativeExpression();
    assertTrue(ExprPlan.of(df).size() < 2_000, "the derivative plan is linear in the depth");
    for (double x : POINTS) {
      assertEquals(Math.max(x, 0), a.expression().evaluate(x), 0.0);
      assertEquals(x >= 0 ? 1 : 0, df.evaluate(x), 0.0, "max follows its first argument on a tie");
    }
    INDArray z = Nd4j.createFromArray(POINTS);
    INDArray dz = a.derivative(z, null);
    for (int i = 0; i < POINTS.length; i++)
      assertEquals(POINTS[i] >= 0 ? 1 : 0, dz.getDouble(i), 0.0);
  }

  @Test
  void thirtyNestedMinMatchesTheTreeWalkOfTheOldCode() {
    // 12 deep still walks quickly as a tree, so the old recursive evaluation is the reference
    for (String fn : new String[] {"min", "max"}) {
      Expr f = ExprParser.parse(nested(fn, 12).replace("x,", "sin0x,").replace("sin0x", "x*1.5"));
      Expr df = Derivative.of(f);
      for (double x : POINTS) {
        assertEquals(Reference.eval(f, x), f.evaluate(x), 0.0);
        assertEquals(Reference.eval(df, x), df.evaluate(x), 0.0);
      }
    }
    ExprActivation deep =
        assertTimeoutPreemptively(
            Duration.ofSeconds(5), () -> ExprActivation.parse(nested("min", 30)));
    assertEquals(-2.0, deep.expression().evaluate(-2), 0.0);
  }

  /** Shared subterms: the plan-based scalar and ND4J values equal the old tree walk exactly. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "max(max(x, 0.5 * x), -x)",
        "sigmoid(x) * sigmoid(x) + sigmoid(x)",
        "min(tanh(x), x^2) * max(x, 0)",
        "x * x * x - 2 * x / (1 + abs(x))",
        "softplus(max(x, -x)) - relu(min(x, 1))",
        "exp(-x^2) * log(1 + exp(x))",
        "-(-(x)) * 3 - -2",
        "log(-1) + x",
        "2^x * x^3",
      })
  void valuesAndDerivativesAreUnchanged(String source) {
    Expr f = ExprParser.parse(source);
    Expr df = Derivative.of(f);
    INDArray x = Nd4j.createFromArray(POINTS);
    INDArray fx = ExprEvaluator.evaluate(f, x);
    INDArray dfx = ExprEvaluator.evaluate(df, x);
    for (int i = 0; i < POINTS.length; i++) {
      double p = POINTS[i];
      assertEquals(Reference.eval(f, p), f.evaluate(p), 0.0, source);
      assertEquals(Reference.eval(df, p), df.evaluate(p), 0.0, source + "'");
      assertEquals(Reference.eval(f, p), fx.getDouble(i), 1e-12, source + " ND4J");
      assertEquals(Reference.eval(df, p), dfx.getDouble(i), 1e-12, source + "' ND4J");
    }
    assertEquals(POINTS.length, x.length()); // x itself is not changed in place
    assertEquals(-2.3, x.getDouble(0), 0.0);
  }

  /** The recursive tree walk that Expr.evaluate was before issue 8. */
  static final class Reference {
    static double eval(Expr e, double x) {
      if (e instanceof Num n) return n.value();
      if (e instanceof X) return x;
      if (e instanceof Neg n) return -eval(n.operand(), x);
      if (e instanceof Binary b) return b.op().apply(eval(b.left(), x), eval(b.right(), x));
      if (e instanceof Call c) return c.function().apply(eval(c.argument(), x));
      throw new IllegalArgumentException(e.toString());
    }
  }
}
