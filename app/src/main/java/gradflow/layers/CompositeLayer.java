package gradflow.layers;

import java.util.List;

/** A layer built from other layers (a residual block): its inner layers, in order. */
public interface CompositeLayer extends Layer {
  List<Layer> innerLayers();
}
