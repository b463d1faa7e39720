package gradflow.layers.expr;

import gradflow.layers.expr.Expr.BinaryOp;
import gradflow.layers.expr.ExprLexer.Kind;
import gradflow.layers.expr.ExprLexer.Token;
import gradflow.text.DidYouMean;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the activation expression language into an {@link Expr}. Grammar, loosest first:
 *
 * <pre>
 * expr    = term (("+" | "-") term)*             left-associative
 * term    = unary (("*" | "/") unary)*           left-associative
 * unary   = "-" unary | power                    so -x^2 = -(x^2), -x*y = (-x)*y
 * power   = primary ("^" unary)?                 right-associative: 2^3^2 = 2^9, x^-1 allowed
 * primary = number | "x" | name "(" expr ("," expr)* ")" | "(" expr ")"
 * number  = digits ["." digits] [("e" | "E") ["+" | "-"] digits], or "." digits ...
 * </pre>
 *
 * Functions: exp, log, sqrt, abs, tanh, sigmoid, relu, softplus, step, and the two-argument min and
 * max. Names are case-sensitive and there is no implicit multiplication ("2x" is an error). Errors
 * throw {@link ExprException} with a 1-based column.
 */
public final class ExprParser {
  /** Deeper nesting is surely a mistake, and would otherwise overflow the stack. */
  static final int MAX_DEPTH = 200;

  /** Longer text is surely a mistake; it also bounds the node count (at most one per character). */
  public static final int MAX_LENGTH = 10_000;

  /**
   * The most operators on any path from the root to x or a number, counting the links of a chain
   * such as x+x+...+x (each + is one level, as the tree is built left-associative). Every pass over
   * the tree (simplify, derive, render) recurses along such paths, so this keeps them off the end
   * of the stack; grouping a long sum in parentheses, (a+b+...)+(c+d+...), makes it shallower.
   */
  public static final int MAX_HEIGHT = 2_000;

  private static final String OPERAND = "expected a number, x, a function call or '('";

  private final String source;
  private final List<Token> tokens;
  private int next;
  private int depth;

  /** The height (operators on the longest path) of the subtree the last parse method returned. */
  private int height;

  private ExprParser(String source) {
    this.source = source;
    this.tokens = new ExprLexer(source).tokens();
  }

  /** Parses {@code source}; throws {@link ExprException} on a syntax error. */
  public static Expr parse(String source) {
    if (source == null || source.isBlank())
      throw new ExprException(source == null ? "" : source, 1, "empty expression");
    if (source.length() > MAX_LENGTH)
      throw new ExprException(
          source,
          MAX_LENGTH + 1,
          "expression is longer than "
              + MAX_LENGTH
              + " characters (found "
              + source.length()
              + "); an activation formula is a line or two");
    ExprParser parser = new ExprParser(source);
    Expr e = parser.expr();
    Token t = parser.peek();
    if (t.kind() != Kind.END) throw parser.trailing(t);
    return e;
  }

  private Expr expr() {
    Expr left = term();
    int h = height;
    while (peek().kind() == Kind.PLUS || peek().kind() == Kind.MINUS) {
      Token t = take();
      BinaryOp op = t.kind() == Kind.PLUS ? BinaryOp.ADD : BinaryOp.SUB;
      left = new Expr.Binary(op, left, term());
      h = grow(t, h, height);
    }
    height = h;
    return left;
  }

  private Expr term() {
    Expr left = unary();
    int h = height;
    while (peek().kind() == Kind.STAR || peek().kind() == Kind.SLASH) {
      Token t = take();
      BinaryOp op = t.kind() == Kind.STAR ? BinaryOp.MUL : BinaryOp.DIV;
      left = new Expr.Binary(op, left, unary());
      h = grow(t, h, height);
    }
    height = h;
    return left;
  }

  private Expr unary() {
    if (peek().kind() != Kind.MINUS) return power();
    Token minus = take();
    enter(minus);
    Expr operand = unary();
    depth--;
    height = grow(minus, height, 0);
    return new Expr.Neg(operand);
  }

  private Expr power() {
    Expr base = primary();
    if (peek().kind() != Kind.CARET) return base;
    int h = height;
    Token caret = take();
    enter(caret);
    Expr exponent = unary();
    depth--;
    height = grow(caret, h, height);
    return new Expr.Binary(BinaryOp.POW, base, exponent);
  }

  /** The height of a node at {@code t} over operands of heights a and b; checks the cap. */
  private int grow(Token t, int a, int b) {
    int h = Math.max(a, b) + 1;
    if (h > MAX_HEIGHT)
      throw error(
          t.column(),
          "expression is more than "
              + MAX_HEIGHT
              + " operators deep (each link of a chain such as x+x+...+x counts); group it in"
              + " parentheses, (a+b+...)+(c+d+...), or shorten it");
    return h;
  }

  private Expr primary() {
    Token t = take();
    height = 0;
    switch (t.kind()) {
      case NUMBER:
        return new Expr.Num(t.value());
      case NAME:
        if (peek().kind() == Kind.LPAREN) return call(t);
        if (t.text().equals("x")) return new Expr.X();
        if (Functions.isName(t.text()))
          throw error(t.column(), "'" + t.text() + "' is a function: write " + t.text() + "(...)");
        throw error(t.column(), "unknown variable '" + t.text() + "': only x is allowed");
      case LPAREN:
        enter(t);
        Expr inner = expr();
        close(t);
        depth--;
        return inner;
      case END:
        throw error(t.column(), "unexpected end of expression: " + OPERAND);
      default:
        throw error(t.column(), "unexpected '" + t.text() + "': " + OPERAND);
    }
  }

  /** name "(" args ")": checks the name and the number of arguments. */
  private Expr call(Token name) {
    Token open = take();
    enter(open);
    List<Expr> args = new ArrayList<>();
    args.add(expr());
    int h = height;
    while (peek().kind() == Kind.COMMA) {
      take();
      args.add(expr());
      h = Math.max(h, height);
    }
    close(open);
    depth--;
    height = grow(name, h, 0);
    return Functions.build(name, args, source);
  }

  /** Consumes the ")" that matches {@code open}. */
  private void close(Token open) {
    Token t = peek();
    if (t.kind() == Kind.RPAREN) {
      take();
      return;
    }
    if (t.kind() == Kind.END)
      throw error(t.column(), "missing ')' to close '(' at column " + open.column());
    throw error(t.column(), "unexpected '" + t.text() + "': expected an operator or ')'");
  }

  /** An error for a token left over after a complete expression. */
  private ExprException trailing(Token t) {
    return switch (t.kind()) {
      case RPAREN -> error(t.column(), "unexpected ')': no '(' to close");
      case NUMBER, NAME, LPAREN ->
          error(
              t.column(),
              "unexpected '" + t.text() + "': expected an operator (write '*' to multiply)");
      default -> error(t.column(), "unexpected '" + t.text() + "'");
    };
  }

  private void enter(Token t) {
    if (++depth > MAX_DEPTH)
      throw error(t.column(), "expression nested more than " + MAX_DEPTH + " levels deep");
  }

  private Token peek() {
    return tokens.get(next);
  }

  private Token take() {
    Token t = tokens.get(next);
    if (t.kind() != Kind.END) next++;
    return t;
  }

  private ExprException error(int column, String reason) {
    return new ExprException(source, column, reason);
  }

  /** The function table: names, arities, and "did you mean" for misspellings. */
  static final class Functions {
    private Functions() {}

    static List<String> names() {
      List<String> names = new ArrayList<>();
      for (Expr.Function f : Expr.Function.values()) names.add(f.sourceName());
      names.add("min");
      names.add("max");
      return names;
    }

    static boolean isName(String name) {
      return names().contains(name);
    }

    static Expr build(Token name, List<Expr> args, String source) {
      String n = name.text();
      if (n.equals("min") || n.equals("max")) {
        arity(name, args, 2, source);
        BinaryOp op = n.equals("min") ? BinaryOp.MIN : BinaryOp.MAX;
        return new Expr.Binary(op, args.get(0), args.get(1));
      }
      for (Expr.Function f : Expr.Function.values()) {
        if (f.sourceName().equals(n)) {
          arity(name, args, 1, source);
          return new Expr.Call(f, args.get(0));
        }
      }
      String close = DidYouMean.closest(n, names());
      String reason =
          close == null
              ? "unknown function '" + n + "'; the functions are " + String.join(", ", names())
              : "unknown function '" + n + "'; did you mean '" + close + "'?";
      throw new ExprException(source, name.column(), reason);
    }

    private static void arity(Token name, List<Expr> args, int expected, String source) {
      if (args.size() == expected) return;
      throw new ExprException(
          source,
          name.column(),
          name.text()
              + " takes "
              + expected
              + (expected == 1 ? " argument" : " arguments")
              + ", found "
              + args.size());
    }
  }
}
