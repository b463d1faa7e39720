package gradflow.layers.expr;

import gradflow.layers.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An activation written as an expression over x, such as {@code exp(-x^2)} or {@code 1.5 * x *
 * sigmoid(x)} (grammar in {@link ExprParser}); f' is its symbolic derivative ({@link Derivative},
 * which also fixes the rules at kinks).
 *
 * <p>Properties the probes use are measured once, when the activation is built, on a grid of
 * {@value #GRID_POINTS} evenly spaced points over [-{@value #GRID_LIMIT}, {@value #GRID_LIMIT}] (0
 * and both ends included), in plain Java doubles so that parsing needs no ND4J backend:
 *
 * <ul>
 *   <li>{@link #peakDerivative()}: the largest finite |f'| on the grid. It is a sample, not a
 *       bound: f' may peak higher between grid points or outside [-10, 10]; non-finite samples
 *       (sqrt'(0) = inf) are skipped.
 *   <li>{@link #canSaturate()}: |f'(-10)| and |f'(10)| are both below {@value #SATURATION_RATIO}
 *       times the peak (exp(-x^2) and tanh(x) saturate, 1.5 x sigmoid(x) does not).
 *   <li>{@link #derivativeIsZeroAlmostEverywhere()}: f' is exactly 0 at every grid point (step), so
 *       no gradient flows through this activation.
 *   <li>{@link #canDie()} is false: a "dead unit" needs a known flat half-line, which a general
 *       expression does not promise.
 * </ul>
 */
public final class ExprActivation implements Activation {
  public static final double GRID_LIMIT = 10;
  public static final int GRID_POINTS = 2001;
  public static final double SATURATION_RATIO = 1e-3;

  private final String source;
  private final Expr expr;
  private final Expr derivative;
  private final ExprPlan plan;
  private final ExprPlan derivativePlan;
  private final double peakDerivative;
  private final boolean canSaturate;
  private final boolean derivativeIsZeroAlmostEverywhere;

  private ExprActivation(String source, Expr expr) {
    this.source = source;
    this.expr = expr;
    this.derivative = Derivative.of(expr);
    this.plan = ExprPlan.of(expr);
    this.derivativePlan = ExprPlan.of(derivative);
    double[] grad = sampleDerivative();
    double peak = 0;
    boolean allZero = true;
    for (double g : grad) {
      if (Double.isFinite(g)) peak = Math.max(peak, Math.abs(g));
      allZero &= g == 0;
    }
    this.peakDerivative = peak;
    this.derivativeIsZeroAlmostEverywhere = allZero;
    double threshold = SATURATION_RATIO * peak;
    this.canSaturate =
        peak > 0 && Math.abs(grad[0]) < threshold && Math.abs(grad[grad.length - 1]) < threshold;
  }

  /**
   * Parses {@code source} (such as "exp(-x^2)"); throws {@link ExprException}, with a 1-based
   * {@link ExprException#column()} into {@code source}, on a syntax error.
   */
  public static ExprActivation parse(String source) {
    Expr expr = ExprParser.parse(source);
    return new ExprActivation(source.strip(), expr);
  }

  /** "expr(exp(-x^2))": the source text, stripped of surrounding blanks. */
  @Override
  public String name() {
    return "expr(" + source + ")";
  }

  /** The source text as written (stripped). */
  public String source() {
    return source;
  }

  /** f as parsed. */
  public Expr expression() {
    return expr;
  }

  /**
   * f', simplified. Its subterms are shared (max(u, 0)' uses u' twice), so evaluate it through
   * {@link Expr#evaluate(double)} or {@link ExprEvaluator}, which compute each once; its {@code
   * toString()} writes every use out and can be exponentially long for deeply nested min/max.
   */
  public Expr derivativeExpression() {
    return derivative;
  }

  @Override
  public INDArray apply(INDArray z) {
    return ExprEvaluator.evaluate(plan, z);
  }

  /** f'(z) from the symbolic derivative; {@code a} is not used. */
  @Override
  public INDArray derivative(INDArray z, INDArray a) {
    return ExprEvaluator.evaluate(derivativePlan, z);
  }

  @Override
  public double peakDerivative() {
    return peakDerivative;
  }

  @Override
  public boolean canDie() {
    return false;
  }

  @Override
  public boolean canSaturate() {
    return canSaturate;
  }

  /** True when f' is exactly 0 at every grid point, as for step(x): no gradient gets through. */
  public boolean derivativeIsZeroAlmostEverywhere() {
    return derivativeIsZeroAlmostEverywhere;
  }

  /** f' at each grid point, ascending from -GRID_LIMIT to GRID_LIMIT. */
  double[] sampleDerivative() {
    double[] grad = new double[GRID_POINTS];
    for (int i = 0; i < GRID_POINTS; i++) grad[i] = derivativePlan.evaluate(gridPoint(i));
    return grad;
  }

  /** -10 + 20 i / 2000, exact at both ends and at 0. */
  static double gridPoint(int i) {
    return -GRID_LIMIT + 2 * GRID_LIMIT * i / (GRID_POINTS - 1);
  }

  /** Equal when the parsed trees are equal: "x*2" equals "x * 2", not "2 * x". */
  @Override
  public boolean equals(Object o) {
    return o instanceof ExprActivation other && expr.equals(other.expr);
  }

  @Override
  public int hashCode() {
    return expr.hashCode();
  }

  @Override
  public String toString() {
    return name();
  }
}
