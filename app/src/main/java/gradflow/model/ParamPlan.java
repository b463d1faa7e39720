package gradflow.model;

import gradflow.spec.InitSpec;

/** A parameter array to allocate in the flat buffer: name, shape, initialiser and its fans. */
record ParamPlan(String name, long[] shape, InitSpec init, int fanIn, int fanOut) {
  long length() {
    long n = 1;
    for (long d : shape) n *= d;
    return n;
  }
}
