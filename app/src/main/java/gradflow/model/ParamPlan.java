package gradflow.model;

import gradflow.spec.InitSpec;
import gradflow.spec.LayerShapes;

/** A parameter array to allocate in the flat buffer: name, shape, initialiser and its fans. */
record ParamPlan(String name, long[] shape, InitSpec init, int fanIn, int fanOut) {
  long length() {
    return LayerShapes.size(shape);
  }
}
