package gradflow.layers.expr;

import gradflow.layers.expr.Expr.Binary;
import gradflow.layers.expr.Expr.BinaryOp;
import gradflow.layers.expr.Expr.Call;
import gradflow.layers.expr.Expr.Neg;
import gradflow.layers.expr.Expr.Num;
import gradflow.layers.expr.Expr.X;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Evaluates an {@link Expr} element-wise on an ND4J array by composing ND4J ops. The result is a
 * fresh array shaped like x in x's (floating-point) data type; x is never modified. Every node
 * returns an array it allocated, so the parent may work on it in place. A number next to an
 * operator becomes a scalar op ({@code a.muli(1.5)}), not a filled array.
 *
 * <p>It agrees with {@link Expr#evaluate(double)} up to rounding; softplus is composed as relu(u) +
 * log1p(exp(-|u|)) so that it does not overflow for large u in FLOAT.
 */
public final class ExprEvaluator {
  private ExprEvaluator() {}

  /** f(x) element-wise; x must be a floating-point array. */
  public static INDArray evaluate(Expr e, INDArray x) {
    if (!x.dataType().isFPType())
      throw new IllegalArgumentException(
          "expression activations need a floating-point array, found " + x.dataType());
    return eval(e, x);
  }

  private static INDArray eval(Expr e, INDArray x) {
    if (e instanceof Num n) return x.ulike().assign(n.value());
    if (e instanceof X) return x.dup();
    if (e instanceof Neg n) return eval(n.operand(), x).negi();
    if (e instanceof Binary b) return binary(b, x);
    if (e instanceof Call c) return call(c, eval(c.argument(), x));
    throw new IllegalArgumentException("unknown expression node " + e);
  }

  private static INDArray binary(Binary b, INDArray x) {
    BinaryOp op = b.op();
    if (b.right() instanceof Num n) return withScalarRight(op, eval(b.left(), x), n.value());
    if (b.left() instanceof Num n && op != BinaryOp.POW)
      return withScalarLeft(op, n.value(), eval(b.right(), x));
    INDArray l = eval(b.left(), x);
    INDArray r = eval(b.right(), x);
    return switch (op) {
      case ADD -> l.addi(r);
      case SUB -> l.subi(r);
      case MUL -> l.muli(r);
      case DIV -> l.divi(r);
      case POW -> Transforms.pow(l, r, false);
      case MIN -> Transforms.min(l, r, false);
      case MAX -> Transforms.max(l, r, false);
    };
  }

  /** {@code l op c}, in place on l. */
  private static INDArray withScalarRight(BinaryOp op, INDArray l, double c) {
    return switch (op) {
      case ADD -> l.addi(c);
      case SUB -> l.subi(c);
      case MUL -> l.muli(c);
      case DIV -> l.divi(c);
      case POW -> c == 2 ? l.muli(l) : Transforms.pow(l, c, false);
      case MIN -> Transforms.min(l, c, false);
      case MAX -> Transforms.max(l, c, false);
    };
  }

  /** {@code c op r}, in place on r; not used for ^, whose base must be an array. */
  private static INDArray withScalarLeft(BinaryOp op, double c, INDArray r) {
    return switch (op) {
      case ADD -> r.addi(c);
      case SUB -> r.rsubi(c);
      case MUL -> r.muli(c);
      case DIV -> r.rdivi(c);
      case MIN -> Transforms.min(r, c, false);
      case MAX -> Transforms.max(r, c, false);
      case POW -> throw new IllegalStateException("c^v evaluates with a filled base array");
    };
  }

  /** {@code f(a)}, in place on a. */
  private static INDArray call(Call c, INDArray a) {
    return switch (c.function()) {
      case EXP -> Transforms.exp(a, false);
      case LOG -> Transforms.log(a, false);
      case SQRT -> Transforms.sqrt(a, false);
      case ABS -> Transforms.abs(a, false);
      case TANH -> Transforms.tanh(a, false);
      case SIGMOID -> Transforms.sigmoid(a, false);
      case RELU -> Transforms.relu(a, false);
      case SOFTPLUS -> softplus(a);
      case STEP -> Transforms.step(a, false);
    };
  }

  /** log(1 + e^a) = relu(a) + log1p(e^-|a|): no overflow, and exact enough far below 0. */
  private static INDArray softplus(INDArray a) {
    INDArray tail = Transforms.log1p(Transforms.exp(Transforms.abs(a, true).negi(), false), false);
    return Transforms.relu(a, false).addi(tail);
  }
}
