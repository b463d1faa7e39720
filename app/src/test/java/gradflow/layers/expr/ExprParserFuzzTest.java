package gradflow.layers.expr;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Fuzzing with a fixed seed (a failure names its try and input): any text is either a formula
 * (which simplifies, derives and evaluates without throwing) or an {@link ExprException} at a
 * column inside the text, never another exception.
 */
class ExprParserFuzzTest {
  static final long SEED = 20261202L;

  private static final List<String> TOKENS =
      List.of(
          "x", "1", "0", "2.5", "1e3", "1e999", ".5", "1.", "+", "-", "*", "/", "^", "(", ")", ",",
          " ", "exp", "log", "tanh", "sigmoid", "min", "max", "abs", "sqrt", "exp(", "max(x,",
          "Exp", "y", "#", "\t", "**", "é", "\u0000");

  private static final List<String> FUNCTIONS =
      List.of("exp", "log", "sqrt", "abs", "tanh", "sigmoid", "relu", "softplus", "step");

  @Test
  void mutatedFormulasParseOrFailAtAColumn() {
    SplittableRandom random = new SplittableRandom(SEED);
    int parsed = 0;
    for (int i = 0; i < 3000; i++) {
      StringBuilder text = new StringBuilder(formula(random, 4));
      // half stay valid; the others get a token inserted or a stretch deleted
      for (int edits = random.nextInt(-2, 3); edits > 0; edits--) {
        int at = random.nextInt(text.length() + 1);
        if (random.nextBoolean()) text.insert(at, TOKENS.get(random.nextInt(TOKENS.size())));
        else text.delete(at, Math.min(text.length(), at + random.nextInt(1, 4)));
      }
      if (check(i, text.toString())) parsed++;
    }
    assertTrue(parsed > 1000 && parsed < 2900, "both outcomes: parsed " + parsed + " of 3000");
  }

  /** A random valid formula in x, nested at most {@code depth} deep. */
  private static String formula(SplittableRandom random, int depth) {
    if (depth == 0 || random.nextInt(3) == 0) {
      return List.of("x", "1", "2.5", "0.5e-1", "3").get(random.nextInt(5));
    }
    String a = formula(random, depth - 1);
    return switch (random.nextInt(5)) {
      case 0 -> a + " " + "+-*/^".charAt(random.nextInt(5)) + " " + formula(random, depth - 1);
      case 1 -> "-" + a;
      case 2 -> "(" + a + ")";
      case 3 ->
          (random.nextBoolean() ? "min(" : "max(") + a + ", " + formula(random, depth - 1) + ")";
      default -> FUNCTIONS.get(random.nextInt(FUNCTIONS.size())) + "(" + a + ")";
    };
  }

  @Test
  void randomCharactersParseOrFailAtAColumn() {
    SplittableRandom random = new SplittableRandom(SEED + 1);
    String alphabet = "x0123456789.eE+-*/^(),  abcdefghijklmnopqrstuvwxyz#\t\n";
    for (int i = 0; i < 3000; i++) {
      StringBuilder text = new StringBuilder();
      for (int n = random.nextInt(0, 24); n > 0; n--) {
        text.append(
            random.nextInt(10) == 0
                ? (char) random.nextInt(0x20, 0x3000)
                : alphabet.charAt(random.nextInt(alphabet.length())));
      }
      check(i, text.toString());
    }
  }

  /** True if {@code source} parsed; fails the test on anything but a formula or ExprException. */
  private static boolean check(int attempt, String source) {
    String where = "seed " + SEED + ", try " + attempt + ": '" + source + "'";
    try {
      Expr e = ExprParser.parse(source);
      Expr derivative = Simplify.of(Derivative.of(Simplify.of(e)));
      e.evaluate(0.5);
      derivative.evaluate(0.5);
      return true;
    } catch (ExprException e) {
      assertTrue(
          e.column() >= 1 && e.column() <= source.length() + 1,
          () -> where + ": column " + e.column() + " outside the text");
      assertFalse(e.reason().isBlank(), where);
      return false;
    } catch (RuntimeException | Error e) {
      throw new AssertionError(where, e);
    }
  }
}
