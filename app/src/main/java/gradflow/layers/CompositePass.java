package gradflow.layers;

import java.util.List;

/** A pass of a layer built from other layers (a residual block): its inner passes, in order. */
public interface CompositePass extends LayerPass {
  List<LayerPass> innerPasses();
}
