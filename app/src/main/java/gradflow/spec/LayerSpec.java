package gradflow.spec;

/** One layer of the spec after {@code repeat} expansion. */
public sealed interface LayerSpec permits DenseSpec, MaxoutSpec {
  /** Short type name as written in the spec: "dense", "maxout". */
  String type();
}
