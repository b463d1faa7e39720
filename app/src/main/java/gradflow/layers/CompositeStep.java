package gradflow.layers;

import java.util.List;

/** A step of a layer built from other layers (a residual block): its inner steps, in order. */
public interface CompositeStep extends Step {
  List<Step> innerSteps();
}
