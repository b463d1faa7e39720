package gradflow.layers;

import java.util.ArrayList;
import java.util.List;

/**
 * Flattens nested layers and layer passes into one list, outer layer before its inner ones, in the
 * order a spec lists them: the order of a network's LayerInfos and of its reports.
 */
public final class LayerTree {
  private LayerTree() {}

  public static List<Layer> flatten(List<Layer> layers) {
    List<Layer> out = new ArrayList<>();
    for (Layer layer : layers) {
      out.add(layer);
      if (layer instanceof CompositeLayer c) out.addAll(flatten(c.innerLayers()));
    }
    return out;
  }

  public static List<LayerPass> flattenPasses(List<LayerPass> passes) {
    List<LayerPass> out = new ArrayList<>();
    for (LayerPass pass : passes) {
      out.add(pass);
      if (pass instanceof CompositePass c) out.addAll(flattenPasses(c.innerPasses()));
    }
    return out;
  }
}
