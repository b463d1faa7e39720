package gradflow.spec;

import gradflow.spec.SpecNode.Entry;
import gradflow.spec.SpecNode.ListNode;
import gradflow.spec.SpecNode.MapNode;
import gradflow.spec.SpecNode.ScalarNode;
import gradflow.spec.SpecNode.ScalarType;
import java.util.List;

/**
 * Binds the layers over [channels, height, width] inputs: {@code conv2d}, {@code maxpool2d} and
 * {@code avgpool2d}. A kernel or stride is one size for both axes ({@code 3}) or {@code [height,
 * width]}. Whether the window fits the image is checked later, with the shapes, by {@link
 * ShapeChecks}.
 */
final class ImageLayerBinder {
  static final List<String> PADDINGS = List.of("valid", "same");
  private static final List<String> CONV_KEYS =
      List.of("filters", "kernel", "stride", "padding", "activation", "init", "bias_init", "bias");
  private static final List<String> POOL_KEYS = List.of("kernel", "stride");
  private static final String KERNEL_HINT =
      "e.g. kernel: 3, or kernel: [3, 5] for height 3, width 5";

  private final Problems problems;
  private final ExpressionSyntax syntax;

  ImageLayerBinder(Problems problems, ExpressionSyntax syntax) {
    this.problems = problems;
    this.syntax = syntax;
  }

  List<BoundLayer> conv2d(Entry typeKey, MapNode map, String path) {
    MapFields f = new MapFields(map, path, "", CONV_KEYS, problems);
    int errors = problems.size();
    int filters = f.requiredInteger("filters", 1, "filters is the number of output channels");
    int[] kernel = f.require("kernel", KERNEL_HINT) == null ? null : window(f, "kernel", null);
    int[] stride = window(f, "stride", new int[] {1, 1});
    Padding padding = padding(f);
    SpecNode activationNode = f.require("activation", "e.g. activation: relu");
    ActivationSpec activation =
        activationNode == null
            ? null
            : ActivationBinder.bind(activationNode, path, problems, syntax);
    InitSpec init = InitBinder.bindOr(f, "init", new InitSpec.Scaled(InitSpec.Scheme.HE_UNIFORM));
    InitSpec biasInit = InitBinder.bindOr(f, "bias_init", new InitSpec.Zeros());
    boolean bias = f.bool("bias", true);
    if (problems.size() > errors || kernel == null || stride == null || activation == null) {
      return List.of();
    }
    Conv2dSpec spec =
        new Conv2dSpec(
            filters,
            kernel[0],
            kernel[1],
            stride[0],
            stride[1],
            padding,
            activation,
            init,
            biasInit,
            bias);
    return List.of(
        new BoundLayer(spec, path, typeKey, f.get("filters"), activationNode, map, List.of()));
  }

  /** maxpool2d or avgpool2d, by {@code typeKey}; the stride defaults to the kernel. */
  List<BoundLayer> pool(Entry typeKey, MapNode map, String path) {
    MapFields f = new MapFields(map, path, "", POOL_KEYS, problems);
    int errors = problems.size();
    int[] kernel = f.require("kernel", KERNEL_HINT) == null ? null : window(f, "kernel", null);
    int[] stride = window(f, "stride", kernel);
    if (problems.size() > errors || kernel == null || stride == null) return List.of();
    LayerSpec spec =
        typeKey.key().equals("maxpool2d")
            ? new MaxPool2dSpec(kernel[0], kernel[1], stride[0], stride[1])
            : new AvgPool2dSpec(kernel[0], kernel[1], stride[0], stride[1]);
    return List.of(new BoundLayer(spec, path, typeKey, null, null, map, List.of()));
  }

  /**
   * {@code [height, width]} from {@code key: n} or {@code key: [h, w]}, each at least 1; the
   * default when absent; null after reporting.
   */
  private int[] window(MapFields f, String key, int[] defaultValue) {
    SpecNode value = f.get(key);
    if (value == null) return defaultValue;
    int errors = problems.size();
    String hint = key.equals("kernel") ? KERNEL_HINT : "e.g. stride: 2, or stride: [1, 2]";
    int[] sizes;
    if (value instanceof ListNode list) {
      if (list.items().size() != 2) {
        problems.at(
            value,
            f.path(),
            key + " must be one size or [height, width], found a list of " + list.items().size(),
            hint);
        return null;
      }
      int h = f.integer(list.items().get(0), key + "[0]", 1, 1, hint);
      int w = f.integer(list.items().get(1), key + "[1]", 1, 1, hint);
      sizes = new int[] {h, w};
    } else if (value instanceof MapNode) {
      problems.at(value, f.path(), key + " must be one size or [height, width], found a map", hint);
      return null;
    } else {
      int n = f.integer(key, 1, 1, hint);
      sizes = new int[] {n, n};
    }
    return problems.size() > errors ? null : sizes;
  }

  private Padding padding(MapFields f) {
    SpecNode value = f.get("padding");
    if (value == null) return Padding.VALID;
    if (value instanceof ScalarNode s && s.type() == ScalarType.STRING) {
      for (Padding p : Padding.values()) if (p.specName().equals(s.text())) return p;
    }
    String shown = MapFields.text(value);
    problems.at(
        value,
        f.path(),
        MapFields.unknownMessage("padding", shown, shown, PADDINGS),
        "padding is valid (none: the output shrinks by kernel - 1) or same (the output is"
            + " ceil(input / stride))");
    return Padding.VALID;
  }
}
