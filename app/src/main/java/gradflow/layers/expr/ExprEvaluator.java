package gradflow.layers.expr;

import gradflow.layers.expr.Expr.BinaryOp;
import gradflow.layers.expr.Expr.Function;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Evaluates an {@link Expr} element-wise on an ND4J array by composing ND4J ops. The result is a
 * fresh array shaped like x in x's (floating-point) data type; x is never modified. It walks an
 * {@link ExprPlan}, so a subterm used twice (as derivatives do) is computed once: the last user
 * works on it in place, earlier ones on a copy. A number next to an operator becomes a scalar op
 * ({@code a.muli(1.5)}), not a filled array.
 *
 * <p>It agrees with {@link Expr#evaluate(double)} up to rounding; softplus is composed as relu(u) +
 * log1p(exp(-|u|)) so that it does not overflow for large u in FLOAT.
 */
public final class ExprEvaluator {
  private ExprEvaluator() {}

  /** f(x) element-wise; x must be a floating-point array. */
  public static INDArray evaluate(Expr e, INDArray x) {
    return evaluate(ExprPlan.of(e), x);
  }

  /** Like {@link #evaluate(Expr, INDArray)} for a plan made once (an activation keeps its own). */
  static INDArray evaluate(ExprPlan plan, INDArray x) {
    if (!x.dataType().isFPType())
      throw new IllegalArgumentException(
          "expression activations need a floating-point array, found " + x.dataType());
    return plan.run(new ArrayOps(x));
  }

  /** The plan's operations on arrays shaped like x; each returns an array it may change. */
  private record ArrayOps(INDArray x) implements ExprPlan.Visitor<INDArray> {
    public INDArray number(double value) {
      return x.ulike().assign(value);
    }

    public INDArray x() {
      return x.dup();
    }

    public INDArray copy(INDArray value) {
      return value.dup();
    }

    public INDArray neg(INDArray a) {
      return a.negi();
    }

    public INDArray binary(BinaryOp op, INDArray l, INDArray r) {
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

    public INDArray withScalarRight(BinaryOp op, INDArray l, double c) {
      return ExprEvaluator.withScalarRight(op, l, c);
    }

    public INDArray withScalarLeft(BinaryOp op, double c, INDArray r) {
      return ExprEvaluator.withScalarLeft(op, c, r);
    }

    public INDArray call(Function f, INDArray a) {
      return ExprEvaluator.call(f, a);
    }
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
  private static INDArray call(Function f, INDArray a) {
    return switch (f) {
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
