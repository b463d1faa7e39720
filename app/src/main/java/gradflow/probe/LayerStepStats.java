package gradflow.probe;

/**
 * One layer's statistics at one logged step. NaN means "does not apply" (no bias, no saturating
 * activation, not a ReLU layer). Fractions are over the window of steps since the previous logged
 * step, inclusive.
 *
 * @param meanAbsGrad mean |dL/dW|
 * @param meanAbsGradBias mean |dL/db|
 * @param maxAbsGrad max |g| over W and b
 * @param gradL2 L2 norm of the gradient of W and b together
 * @param meanAbsWeight mean |W|
 * @param updateRatio mean |delta W| / mean |W| of this step's update
 * @param meanAbsSignal mean |dL/dz|, the backpropagated signal at the layer's pre-activations
 * @param deadFraction share of units never active (z > 0) in the window (ReLU only)
 * @param frozenFraction share of units whose dL/dz was exactly 0 for every example in the window
 * @param saturatedFraction share of activations with f'(z) below the saturation threshold
 * @param meanDerivative mean f'(z)
 * @param meanAbsActivation mean |output| of the layer on this step's batch
 * @param routedShare max-pooling only: share of input positions that won at least one window
 * @param tiedWindowShare max-pooling only: share of windows whose maximum was tied (the gradient
 *     went to the first maximum; after a relu, all-zero windows are the usual ties)
 * @param pieceWins Maxout wins per [unit][piece] in the window, or null
 */
public record LayerStepStats(
    String layer,
    double meanAbsGrad,
    double meanAbsGradBias,
    double maxAbsGrad,
    double gradL2,
    double meanAbsWeight,
    double updateRatio,
    double meanAbsSignal,
    double deadFraction,
    double frozenFraction,
    double saturatedFraction,
    double meanDerivative,
    double meanAbsActivation,
    double routedShare,
    double tiedWindowShare,
    long[][] pieceWins) {}
