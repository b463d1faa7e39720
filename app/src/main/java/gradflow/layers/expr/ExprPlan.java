package gradflow.layers.expr;

import gradflow.layers.expr.Expr.Binary;
import gradflow.layers.expr.Expr.BinaryOp;
import gradflow.layers.expr.Expr.Call;
import gradflow.layers.expr.Expr.Function;
import gradflow.layers.expr.Expr.Neg;
import gradflow.layers.expr.Expr.Num;
import gradflow.layers.expr.Expr.X;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@link Expr} flattened into a list of steps, children before parents, with every distinct
 * subterm computed once. A derivative shares its subterms with the function and with itself (max(u,
 * 0)' uses u' twice), so as a tree it can be exponentially larger than as a graph: 20 nested max
 * calls gave a derivative whose tree walk visited a million nodes per point. Walking the plan costs
 * one step per distinct node, so evaluation grows linearly with the expression.
 *
 * <p>Two nodes are one step when they are the same object or have the same operator on the same
 * steps (hash-consing over step numbers, never over the records' own recursive equals, which is
 * itself exponential on a shared graph). Building the plan is iterative, so no tree depth can
 * overflow the stack. Each step applies the same double operation as {@link Expr#evaluate(double)}
 * did node by node, so values are bitwise the same.
 */
final class ExprPlan {
  private static final int NUM = 0;
  private static final int X_VAR = 1;
  private static final int NEG = 2;
  private static final int BINARY = 3;
  private static final int CALL = 4;

  /** One step: its kind, the operator or function, a constant, and its operands' step numbers. */
  private record Step(
      int kind, BinaryOp op, Function function, double value, int left, int right) {}

  private final Step[] steps;
  private final int[] uses;

  private ExprPlan(List<Step> steps) {
    this.steps = steps.toArray(Step[]::new);
    this.uses = new int[this.steps.length];
    for (Step s : this.steps) {
      if (s.left >= 0) uses[s.left]++;
      if (s.right >= 0) uses[s.right]++;
    }
  }

  /** Flattens {@code root}; the last step is the root. */
  static ExprPlan of(Expr root) {
    Map<Expr, Integer> byIdentity = new IdentityHashMap<>();
    Map<Step, Integer> byContent = new HashMap<>();
    List<Step> steps = new ArrayList<>();
    ArrayDeque<Expr> stack = new ArrayDeque<>();
    stack.push(root);
    while (!stack.isEmpty()) {
      Expr e = stack.peek();
      if (byIdentity.containsKey(e)) {
        stack.pop();
        continue;
      }
      List<Expr> pending = new ArrayList<>(2);
      for (Expr child : children(e)) if (!byIdentity.containsKey(child)) pending.add(child);
      if (!pending.isEmpty()) {
        for (int i = pending.size() - 1; i >= 0; i--) stack.push(pending.get(i));
        continue;
      }
      stack.pop();
      Step step = step(e, byIdentity);
      Integer index = byContent.get(step);
      if (index == null) {
        index = steps.size();
        steps.add(step);
        byContent.put(step, index);
      }
      byIdentity.put(e, index);
    }
    return new ExprPlan(steps);
  }

  private static List<Expr> children(Expr e) {
    if (e instanceof Neg n) return List.of(n.operand());
    if (e instanceof Binary b) return List.of(b.left(), b.right());
    if (e instanceof Call c) return List.of(c.argument());
    return List.of();
  }

  private static Step step(Expr e, Map<Expr, Integer> index) {
    if (e instanceof Num n) return new Step(NUM, null, null, n.value(), -1, -1);
    if (e instanceof X) return new Step(X_VAR, null, null, 0, -1, -1);
    if (e instanceof Neg n) return new Step(NEG, null, null, 0, index.get(n.operand()), -1);
    if (e instanceof Binary b)
      return new Step(BINARY, b.op(), null, 0, index.get(b.left()), index.get(b.right()));
    if (e instanceof Call c)
      return new Step(CALL, null, c.function(), 0, index.get(c.argument()), -1);
    throw new IllegalArgumentException("unknown expression node " + e);
  }

  /** The number of distinct steps. */
  int size() {
    return steps.length;
  }

  /** The value at x, in plain Java doubles. */
  double evaluate(double x) {
    double[] v = new double[steps.length];
    for (int i = 0; i < steps.length; i++) {
      Step s = steps[i];
      v[i] =
          switch (s.kind) {
            case NUM -> s.value;
            case X_VAR -> x;
            case NEG -> -v[s.left];
            case BINARY -> s.op.apply(v[s.left], v[s.right]);
            default -> s.function.apply(v[s.left]);
          };
    }
    return v[steps.length - 1];
  }

  /** Visits the steps in order for {@link ExprEvaluator}: one call per distinct subterm. */
  <T> T run(Visitor<T> visitor) {
    Object[] values = new Object[steps.length];
    int[] remaining = uses.clone();
    for (int i = 0; i < steps.length; i++) {
      Step s = steps[i];
      // a number is made into a value only where an operand needs one (see take)
      if (s.kind == NUM && i < steps.length - 1) continue;
      values[i] =
          switch (s.kind) {
            case NUM -> visitor.number(s.value);
            case X_VAR -> visitor.x();
            case NEG -> visitor.neg(take(s.left, visitor, values, remaining));
            case BINARY -> binary(s, visitor, values, remaining);
            default -> visitor.call(s.function, take(s.left, visitor, values, remaining));
          };
    }
    @SuppressWarnings("unchecked")
    T result = (T) values[steps.length - 1];
    return result;
  }

  /** A number beside an operator is a scalar operand, as in {@code a.muli(1.5)}. */
  private <T> T binary(Step s, Visitor<T> visitor, Object[] values, int[] remaining) {
    Step left = steps[s.left];
    Step right = steps[s.right];
    if (right.kind == NUM) {
      remaining[s.right]--;
      return visitor.withScalarRight(s.op, take(s.left, visitor, values, remaining), right.value);
    }
    if (left.kind == NUM && s.op != BinaryOp.POW) {
      remaining[s.left]--;
      return visitor.withScalarLeft(s.op, left.value, take(s.right, visitor, values, remaining));
    }
    T l = take(s.left, visitor, values, remaining);
    T r = take(s.right, visitor, values, remaining);
    return visitor.binary(s.op, l, r);
  }

  /**
   * The value of {@code step} for one use: its last user gets the value itself (and may work on it
   * in place), earlier users a copy; a number is made fresh for each use.
   */
  @SuppressWarnings("unchecked")
  private <T> T take(int step, Visitor<T> visitor, Object[] values, int[] remaining) {
    remaining[step]--;
    if (steps[step].kind == NUM) return visitor.number(steps[step].value);
    T value = (T) values[step];
    if (remaining[step] > 0) return visitor.copy(value);
    values[step] = null;
    return value;
  }

  /** The operations a value type provides; see {@link ExprEvaluator}. */
  interface Visitor<T> {
    T number(double value);

    T x();

    /** A copy that the caller may change without changing {@code value}. */
    T copy(T value);

    T neg(T a);

    T binary(BinaryOp op, T a, T b);

    T withScalarRight(BinaryOp op, T a, double c);

    T withScalarLeft(BinaryOp op, double c, T b);

    T call(Function f, T a);
  }
}
