package gradflow.layers.expr;

import static gradflow.layers.expr.Simplify.add;
import static gradflow.layers.expr.Simplify.div;
import static gradflow.layers.expr.Simplify.mul;
import static gradflow.layers.expr.Simplify.neg;
import static gradflow.layers.expr.Simplify.num;
import static gradflow.layers.expr.Simplify.pow;
import static gradflow.layers.expr.Simplify.sub;

import gradflow.layers.expr.Expr.Binary;
import gradflow.layers.expr.Expr.Call;
import gradflow.layers.expr.Expr.Function;
import gradflow.layers.expr.Expr.Neg;
import gradflow.layers.expr.Expr.Num;
import gradflow.layers.expr.Expr.X;

/**
 * Symbolic d/dx of an {@link Expr}, simplified as it is built ({@link Simplify}).
 *
 * <p>Rules at points where f is not differentiable, decided once here:
 *
 * <ul>
 *   <li>abs'(0) = 0 (written step(u) - step(-u)); relu'(0) = 0 (step(u)); step' = 0 everywhere,
 *       even where the argument's derivative is not finite.
 *   <li>min(u, v) and max(u, v) follow their first argument on a tie: max(u, v)' = u' + (v' - u')
 *       step(v - u) and min(u, v)' = u' + (v' - u') step(u - v). So max(x, 0)'(0) = 1 while
 *       relu'(0) = 0. Where the losing side's derivative is infinite the product gives NaN.
 *   <li>sqrt'(0) = 1 / (2 sqrt(0)) = +inf, and log'(0) = 1/0 = +inf: not clamped, so a gradient
 *       check sees it.
 *   <li>u^c with constant c uses c u^(c-1) (so x^0.5 behaves like sqrt at 0); c^v uses c^v log(c)
 *       v'; u^v with both varying uses u^v (v' log(u) + v u'/u), defined for u > 0 only.
 * </ul>
 */
public final class Derivative {
  private Derivative() {}

  /** d/dx of {@code e}, after simplifying {@code e} itself (so "2 * 3 * x" gives 6). */
  public static Expr of(Expr e) {
    return derive(Simplify.of(e));
  }

  /** d/dx of an already simplified tree. */
  private static Expr derive(Expr e) {
    if (e instanceof Num) return num(0);
    if (e instanceof X) return num(1);
    if (e instanceof Neg n) return neg(derive(n.operand()));
    if (e instanceof Binary b) return binary(b);
    if (e instanceof Call c) return function(c);
    throw new IllegalArgumentException("unknown expression node " + e);
  }

  private static Expr binary(Binary b) {
    Expr u = b.left();
    Expr v = b.right();
    Expr du = derive(u);
    Expr dv = derive(v);
    return switch (b.op()) {
      case ADD -> add(du, dv);
      case SUB -> sub(du, dv);
      case MUL -> add(mul(du, v), mul(u, dv));
      case DIV ->
          v.isConstant()
              ? div(du, v)
              : div(sub(mul(du, v), mul(u, dv)), pow(v, num(2))); // (u'v - uv') / v^2
      case POW -> power(u, v, du, dv);
      case MIN -> add(du, mul(sub(dv, du), step(sub(u, v))));
      case MAX -> add(du, mul(sub(dv, du), step(sub(v, u))));
    };
  }

  private static Expr power(Expr u, Expr v, Expr du, Expr dv) {
    if (v.isConstant()) return mul(mul(v, pow(u, sub(v, num(1)))), du);
    if (u.isConstant()) return mul(mul(pow(u, v), Simplify.call(Function.LOG, u)), dv);
    Expr logTerm = mul(dv, Simplify.call(Function.LOG, u));
    return mul(pow(u, v), add(logTerm, div(mul(v, du), u)));
  }

  private static Expr function(Call c) {
    Expr u = c.argument();
    Expr du = derive(u);
    Expr outer =
        switch (c.function()) {
          case EXP -> c;
          case LOG -> div(num(1), u);
          case SQRT -> div(num(1), mul(num(2), c));
          case ABS -> sub(step(u), step(neg(u)));
          case TANH -> sub(num(1), pow(c, num(2)));
          case SIGMOID -> mul(c, sub(num(1), c));
          case RELU -> step(u);
          case SOFTPLUS -> Simplify.call(Function.SIGMOID, u);
          case STEP -> num(0);
        };
    return mul(outer, du);
  }

  private static Expr step(Expr u) {
    return Simplify.call(Function.STEP, u);
  }
}
