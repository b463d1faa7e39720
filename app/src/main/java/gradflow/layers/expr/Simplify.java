package gradflow.layers.expr;

import gradflow.layers.expr.Expr.Binary;
import gradflow.layers.expr.Expr.BinaryOp;
import gradflow.layers.expr.Expr.Call;
import gradflow.layers.expr.Expr.Function;
import gradflow.layers.expr.Expr.Neg;
import gradflow.layers.expr.Expr.Num;

/**
 * Constructors that simplify as they build: constant folding (only to finite results, so "1/0"
 * stays as written), 0 * a = 0, 1 * a = a, a + 0 = a, a - 0 = a, 0 - a = -a, a / 1 = a, 0 / a = 0,
 * a^1 = a, a^0 = 1, -(-a) = a, and constants gathered at the front of a product (so -(2 * a) = -2 *
 * a, a + -2 * b = a - 2 * b).
 *
 * <p>The identities are exact for finite a; where a is infinite or NaN (1/x at 0, log of a negative
 * number) "0 * a = 0" gives 0 where IEEE arithmetic would give NaN. Derivatives rely on that:
 * step(u)' = 0 even where u' is not finite.
 */
public final class Simplify {
  private Simplify() {}

  /** Rebuilds {@code e} bottom-up through the simplifying constructors. */
  public static Expr of(Expr e) {
    if (e instanceof Neg n) return neg(of(n.operand()));
    if (e instanceof Binary b) return binary(b.op(), of(b.left()), of(b.right()));
    if (e instanceof Call c) return call(c.function(), of(c.argument()));
    return e;
  }

  static Expr num(double value) {
    return new Num(value);
  }

  static Expr neg(Expr a) {
    if (a instanceof Num n) return num(-n.value());
    if (a instanceof Neg n) return n.operand();
    if (scaled(a) instanceof Binary m) return mul(num(-((Num) m.left()).value()), m.right());
    return new Neg(a);
  }

  static Expr binary(BinaryOp op, Expr a, Expr b) {
    return switch (op) {
      case ADD -> add(a, b);
      case SUB -> sub(a, b);
      case MUL -> mul(a, b);
      case DIV -> div(a, b);
      case POW -> pow(a, b);
      case MIN, MAX -> folded(op, a, b);
    };
  }

  static Expr add(Expr a, Expr b) {
    if (is(a, 0)) return b;
    if (is(b, 0)) return a;
    if (b instanceof Neg n) return sub(a, n.operand());
    if (b instanceof Num n && n.value() < 0) return sub(a, num(-n.value()));
    if (scaled(b) instanceof Binary m && ((Num) m.left()).value() < 0)
      return sub(a, mul(num(-((Num) m.left()).value()), m.right()));
    return folded(BinaryOp.ADD, a, b);
  }

  static Expr sub(Expr a, Expr b) {
    if (is(b, 0)) return a;
    if (is(a, 0)) return neg(b);
    return folded(BinaryOp.SUB, a, b);
  }

  static Expr mul(Expr a, Expr b) {
    if (is(a, 0) || is(b, 0)) return num(0);
    if (is(a, 1)) return b;
    if (is(b, 1)) return a;
    if (is(a, -1)) return neg(b);
    if (is(b, -1)) return neg(a);
    if (b instanceof Num && !(a instanceof Num)) return mul(b, a);
    // Constants gather in front: 2 * (3 * x) = 6 * x, (2 * x) * y = 2 * (x * y).
    if (a instanceof Num n && scaled(b) instanceof Binary m)
      return mul(num(n.value() * ((Num) m.left()).value()), m.right());
    if (!(a instanceof Num) && scaled(a) instanceof Binary m)
      return mul(m.left(), mul(m.right(), b));
    if (!(a instanceof Num) && scaled(b) instanceof Binary m)
      return mul(m.left(), mul(a, m.right()));
    return folded(BinaryOp.MUL, a, b);
  }

  static Expr div(Expr a, Expr b) {
    if (is(a, 0)) return num(0);
    if (is(b, 1)) return a;
    return folded(BinaryOp.DIV, a, b);
  }

  static Expr pow(Expr a, Expr b) {
    if (is(b, 1)) return a;
    if (is(b, 0)) return num(1);
    return folded(BinaryOp.POW, a, b);
  }

  static Expr call(Function f, Expr a) {
    if (a instanceof Num n) {
      double value = f.apply(n.value());
      if (Double.isFinite(value)) return num(value);
    }
    return new Call(f, a);
  }

  /** {@code a op b}, folded to a number when both sides are numbers and the result is finite. */
  private static Expr folded(BinaryOp op, Expr a, Expr b) {
    if (a instanceof Num x && b instanceof Num y) {
      double value = op.apply(x.value(), y.value());
      if (Double.isFinite(value)) return num(value);
    }
    return new Binary(op, a, b);
  }

  /** {@code e} when it is c * r with a number c, else null. */
  private static Expr scaled(Expr e) {
    return e instanceof Binary m && m.op() == BinaryOp.MUL && m.left() instanceof Num ? m : null;
  }

  private static boolean is(Expr e, double value) {
    return e instanceof Num n && n.value() == value;
  }
}
