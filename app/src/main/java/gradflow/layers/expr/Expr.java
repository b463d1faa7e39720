package gradflow.layers.expr;

import java.util.Objects;

/**
 * An immutable expression tree over the single variable x, as {@link ExprParser} builds it and
 * {@link Derivative} transforms it. {@link #evaluate(double)} is the scalar reference semantics
 * that {@link ExprEvaluator} reproduces on ND4J arrays; {@link #toString()} renders source text
 * that parses back to an equal tree, with only the parentheses precedence needs.
 *
 * <p>Precedence, loosest first: {@code + -} (left-associative), {@code * /} (left-associative),
 * unary minus, {@code ^} (right-associative, so {@code -x^2 = -(x^2)} and {@code 2^3^2 = 2^9}).
 */
public sealed interface Expr permits Expr.Num, Expr.X, Expr.Neg, Expr.Binary, Expr.Call {
  /**
   * The value at x, in plain Java doubles. It walks an {@link ExprPlan}, so a subterm shared within
   * the tree (as in derivatives) is computed once; to evaluate at many points, make the plan once.
   */
  default double evaluate(double x) {
    return ExprPlan.of(this).evaluate(x);
  }

  /** True when x does not occur in the tree, so its derivative is 0. */
  boolean isConstant();

  /** Binding strength for rendering: 1 for + -, 2 for * /, 3 for unary minus, 4 for ^, 5 atoms. */
  int precedence();

  /** A number literal, or a folded constant (which may be negative). */
  record Num(double value) implements Expr {
    public boolean isConstant() {
      return true;
    }

    public int precedence() {
      return value < 0 ? 3 : 5; // a folded negative constant renders like a unary minus
    }

    @Override
    public String toString() {
      if (value == Math.rint(value) && Math.abs(value) < 1e15) return Long.toString((long) value);
      return Double.toString(value);
    }
  }

  /** The variable x. */
  record X() implements Expr {
    public boolean isConstant() {
      return false;
    }

    public int precedence() {
      return 5;
    }

    @Override
    public String toString() {
      return "x";
    }
  }

  /** Unary minus: -operand. */
  record Neg(Expr operand) implements Expr {
    public Neg {
      Objects.requireNonNull(operand);
    }

    public boolean isConstant() {
      return operand.isConstant();
    }

    public int precedence() {
      return 3;
    }

    @Override
    public String toString() {
      return render(this);
    }
  }

  /** The infix operators and the two-argument functions min and max. */
  enum BinaryOp {
    ADD("+", 1),
    SUB("-", 1),
    MUL("*", 2),
    DIV("/", 2),
    POW("^", 4),
    MIN("min", 5),
    MAX("max", 5);

    private final String symbol;
    private final int precedence;

    BinaryOp(String symbol, int precedence) {
      this.symbol = symbol;
      this.precedence = precedence;
    }

    /** "+" for operators, "min" for functions. */
    public String symbol() {
      return symbol;
    }

    public boolean isFunction() {
      return this == MIN || this == MAX;
    }

    double apply(double a, double b) {
      return switch (this) {
        case ADD -> a + b;
        case SUB -> a - b;
        case MUL -> a * b;
        case DIV -> a / b;
        case POW -> Math.pow(a, b);
        case MIN -> Math.min(a, b);
        case MAX -> Math.max(a, b);
      };
    }
  }

  /** {@code left op right}, or {@code min(left, right)} / {@code max(left, right)}. */
  record Binary(BinaryOp op, Expr left, Expr right) implements Expr {
    public Binary {
      Objects.requireNonNull(op);
      Objects.requireNonNull(left);
      Objects.requireNonNull(right);
    }

    public boolean isConstant() {
      return left.isConstant() && right.isConstant();
    }

    public int precedence() {
      return op.precedence;
    }

    @Override
    public String toString() {
      return render(this);
    }
  }

  /** The one-argument functions. */
  enum Function {
    EXP,
    LOG,
    SQRT,
    ABS,
    TANH,
    SIGMOID,
    RELU,
    SOFTPLUS,
    STEP;

    /** The name as written in expressions: "exp", "softplus". */
    public String sourceName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    double apply(double a) {
      return switch (this) {
        case EXP -> Math.exp(a);
        case LOG -> Math.log(a);
        case SQRT -> Math.sqrt(a);
        case ABS -> Math.abs(a);
        case TANH -> Math.tanh(a);
        case SIGMOID -> 1 / (1 + Math.exp(-a));
        case RELU -> Math.max(a, 0.0); // NaN stays NaN
        case SOFTPLUS -> Math.max(a, 0) + Math.log1p(Math.exp(-Math.abs(a)));
        case STEP -> a > 0 ? 1 : 0;
      };
    }
  }

  /** {@code function(argument)}. */
  record Call(Function function, Expr argument) implements Expr {
    public Call {
      Objects.requireNonNull(function);
      Objects.requireNonNull(argument);
    }

    public boolean isConstant() {
      return argument.isConstant();
    }

    public int precedence() {
      return 5;
    }

    @Override
    public String toString() {
      return render(this);
    }
  }

  /** Source text for {@code e}, built in one buffer with one small frame per tree level. */
  private static String render(Expr e) {
    StringBuilder out = new StringBuilder();
    render(e, false, out);
    return out.toString();
  }

  private static void render(Expr e, boolean parenthesize, StringBuilder out) {
    if (parenthesize) out.append('(');
    if (e instanceof Neg n) {
      // "-(-x)" rather than "--x", which the parser also reads but a person may not.
      out.append('-');
      render(n.operand(), n.operand().precedence() < 4, out);
    } else if (e instanceof Binary b && b.op().isFunction()) {
      out.append(b.op().symbol).append('(');
      render(b.left(), false, out);
      out.append(", ");
      render(b.right(), false, out);
      out.append(')');
    } else if (e instanceof Binary b) {
      int p = b.op().precedence;
      boolean rightAssociative = b.op() == BinaryOp.POW;
      // Left-associative: a - (b - c) keeps its parentheses, (a - b) - c loses them; ^ mirrors it.
      // A unary minus as the base of ^ is wrapped: (-x)^2 is not -x^2.
      int left = b.left().precedence();
      int right = b.right().precedence();
      render(b.left(), rightAssociative ? left <= p : left < p, out);
      String space = rightAssociative ? "" : " ";
      out.append(space).append(b.op().symbol).append(space);
      render(b.right(), rightAssociative ? right < 3 : right <= p, out);
    } else if (e instanceof Call c) {
      out.append(c.function().sourceName()).append('(');
      render(c.argument(), false, out);
      out.append(')');
    } else {
      out.append(e); // a number or x
    }
    if (parenthesize) out.append(')');
  }
}
