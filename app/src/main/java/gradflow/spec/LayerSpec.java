package gradflow.spec;

/** One layer of the spec after {@code repeat} expansion. */
public sealed interface LayerSpec
    permits DenseSpec,
        MaxoutSpec,
        Conv2dSpec,
        MaxPool2dSpec,
        AvgPool2dSpec,
        FlattenSpec,
        BatchNormSpec,
        DropoutSpec,
        ResidualSpec {
  /** Short type name as written in the spec: "dense", "maxout", "conv2d", "residual"... */
  String type();
}
