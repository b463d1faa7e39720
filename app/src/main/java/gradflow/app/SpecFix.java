package gradflow.app;

import gradflow.spec.BatchNormSpec;
import gradflow.spec.Conv2dSpec;
import gradflow.spec.DenseSpec;
import gradflow.spec.InitSpec;
import gradflow.spec.LayerSpec;
import gradflow.spec.MaxoutSpec;
import gradflow.spec.NetworkSpec;
import gradflow.spec.OptimizerSpec;
import gradflow.spec.ResidualSpec;
import gradflow.spec.SpecPosition;
import gradflow.spec.SweepValues;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One candidate remedy: a patch of the spec that {@code analyze --try-fixes} runs to see whether it
 * cures a finding. The activation, init and lr patches are the sweep values of {@code compare
 * --sweep}, so they change the same layers.
 *
 * @param id the patch as compare --sweep keys would write it, or a short name
 * @param change what the patch does, in words
 * @param patch the patched spec, or null when the patch cannot apply to this spec
 */
public record SpecFix(String id, String change, Function<NetworkSpec, Patched> patch) {

  /**
   * A patched spec, and the runtime names of layers that moved ("dense_2" to "dense_3" when a layer
   * was inserted before it): layer names are a layer's type and position.
   */
  public record Patched(NetworkSpec spec, Map<String, String> renamed) {
    Patched(NetworkSpec spec) {
      this(spec, Map.of());
    }

    /** The name {@code layer} of the original spec has in the patched one. */
    public String nameOf(String layer) {
      return renamed.getOrDefault(layer, layer);
    }
  }

  /** The patched spec, or null when the patch does not apply or changes nothing. */
  public Patched apply(NetworkSpec spec) {
    Patched p = patch.apply(spec);
    return p == null || p.spec().equals(spec) ? null : p;
  }

  /** Every hidden activation to {@code activation} and every weight init to {@code init}. */
  static SpecFix activation(String activation, String init) {
    return new SpecFix(
        "activation=" + activation + " init=" + init,
        "hidden activations " + activation + ", weight init " + init,
        spec -> sweep(sweep(spec, "activation", activation), "init", init));
  }

  /** Every weight init to {@code init}. */
  static SpecFix init(String init) {
    return new SpecFix("init=" + init, "weight init " + init, spec -> sweep(spec, "init", init));
  }

  /** The learning rate divided by ten, exactly in decimal (0.001 becomes 0.0001). */
  static SpecFix lrTenth() {
    return new SpecFix(
        "lr/10",
        "learning rate divided by 10",
        spec -> {
          String lr =
              new BigDecimal(Double.toString(spec.optimizer().lr()))
                  .divide(BigDecimal.TEN)
                  .toString();
          return sweep(spec, "lr", lr);
        });
  }

  /** Clipping by global gradient norm at {@code norm}. */
  static SpecFix clipNorm(double norm) {
    return new SpecFix(
        "clip_norm=" + norm,
        "optimizer clip_norm: " + norm,
        spec -> {
          OptimizerSpec o = spec.optimizer();
          return new Patched(
              spec.withOptimizer(
                  new OptimizerSpec(
                      o.kind(),
                      o.lr(),
                      o.momentum(),
                      o.beta1(),
                      o.beta2(),
                      o.epsilon(),
                      norm,
                      o.clipValue())));
        });
  }

  /** Every bias (dense, conv2d and maxout, inside residual blocks too) initialised at zero. */
  static SpecFix zeroBias() {
    return new SpecFix(
        "bias_init=zeros",
        "every bias initialised at 0",
        spec ->
            new Patched(spec.withLayers(spec.layers().stream().map(SpecFix::zeroBias).toList())));
  }

  private static LayerSpec zeroBias(LayerSpec l) {
    InitSpec zeros = new InitSpec.Zeros();
    if (l instanceof DenseSpec d)
      return new DenseSpec(d.units(), d.activation(), d.init(), zeros, d.bias());
    if (l instanceof MaxoutSpec m) return new MaxoutSpec(m.units(), m.k(), m.init(), zeros);
    if (l instanceof Conv2dSpec c)
      return new Conv2dSpec(
          c.filters(),
          c.kernelH(),
          c.kernelW(),
          c.strideH(),
          c.strideW(),
          c.padding(),
          c.activation(),
          c.init(),
          zeros,
          c.bias());
    if (l instanceof ResidualSpec r)
      return new ResidualSpec(r.layers().stream().map(SpecFix::zeroBias).toList());
    return l;
  }

  /**
   * A batchnorm layer (default momentum and epsilon) after each hidden layer that has an activation
   * and is not followed by a normalisation already; not for an imported model, whose weights are
   * matched to its layers.
   */
  static SpecFix batchNorm() {
    return new SpecFix(
        "batchnorm",
        "a batchnorm layer after each hidden layer with an activation",
        SpecFix::withBatchNorm);
  }

  private static Patched withBatchNorm(NetworkSpec spec) {
    if (spec.model() != null) return null;
    List<LayerSpec> old = spec.layers();
    List<LayerSpec> layers = new ArrayList<>();
    Set<LayerSpec> inserted = Collections.newSetFromMap(new IdentityHashMap<>());
    for (int i = 0; i < old.size(); i++) {
      layers.add(old.get(i));
      boolean hidden = i < old.size() - 1 && old.get(i).activation() != null;
      boolean normalisedNext =
          i + 1 < old.size() && old.get(i + 1).type().matches("batchnorm|layernorm");
      if (hidden && !normalisedNext) {
        LayerSpec bn =
            new BatchNormSpec(BatchNormSpec.DEFAULT_MOMENTUM, BatchNormSpec.DEFAULT_EPSILON);
        inserted.add(bn);
        layers.add(bn);
      }
    }
    return withInserted(spec, layers, inserted);
  }

  /**
   * Each hidden dense layer that maps its input's shape to itself, wrapped in a residual block of
   * its own (y = x + layer(x)), so that the identity path carries the signal past it; not for an
   * imported model.
   */
  static SpecFix residual() {
    return new SpecFix(
        "residual",
        "each hidden dense layer as wide as its input in a residual block (x + layer(x))",
        SpecFix::withResidual);
  }

  private static Patched withResidual(NetworkSpec spec) {
    if (spec.model() != null) return null;
    List<LayerSpec> old = spec.layers();
    List<LayerSpec> layers = new ArrayList<>();
    Set<LayerSpec> inserted = Collections.newSetFromMap(new IdentityHashMap<>());
    long[] shape = spec.input().stream().mapToLong(Integer::longValue).toArray();
    for (int i = 0; i < old.size(); i++) {
      LayerSpec l = old.get(i);
      long[] out = l.outputShape(shape);
      boolean hidden = i < old.size() - 1;
      if (hidden && l instanceof DenseSpec && Arrays.equals(out, shape)) {
        LayerSpec block = new ResidualSpec(List.of(l));
        inserted.add(block);
        layers.add(block);
      } else {
        layers.add(l);
      }
      shape = out;
    }
    return withInserted(spec, layers, inserted);
  }

  /**
   * {@code spec} with {@code layers}, which are its layers plus the {@code inserted} ones, and the
   * runtime names of the old layers that moved; null when nothing was inserted.
   */
  private static Patched withInserted(
      NetworkSpec spec, List<LayerSpec> layers, Set<LayerSpec> inserted) {
    if (inserted.isEmpty()) return null;
    List<LayerSpec> old = spec.layers();
    List<String> oldNames = new ArrayList<>();
    runtimeNames(old, Set.of(), oldNames, 1);
    List<String> newNames = new ArrayList<>();
    runtimeNames(layers, inserted, newNames, 1);
    Map<String, String> renamed = new LinkedHashMap<>();
    Map<String, SpecPosition> positions = new HashMap<>();
    for (int i = 0; i < oldNames.size(); i++) {
      String from = oldNames.get(i);
      String to = newNames.get(i);
      if (!from.equals(to)) renamed.put(from, to);
      SpecPosition at = spec.layerPositions().get(from);
      if (at != null) positions.put(to, at);
    }
    return new Patched(spec.withLayers(layers, positions), renamed);
  }

  /**
   * The runtime names of {@code layers} in build order (depth first, "{type}_{index}" as {@code
   * NetworkBuilder} names them) from index {@code next}, leaving out the {@code skipped} ones but
   * counting them; returns the next index.
   */
  private static int runtimeNames(
      List<LayerSpec> layers, Set<LayerSpec> skipped, List<String> names, int next) {
    for (LayerSpec l : layers) {
      int index = next++;
      if (!skipped.contains(l)) names.add(l.type() + "_" + index);
      if (l instanceof ResidualSpec r) next = runtimeNames(r.layers(), skipped, names, next);
    }
    return next;
  }

  /** {@code spec} with one compare --sweep value, or null when the key changes nothing in it. */
  private static Patched sweep(Patched spec, String key, String value) {
    return spec == null ? null : sweep(spec.spec(), key, value);
  }

  private static Patched sweep(NetworkSpec spec, String key, String value) {
    if (SweepValues.unchangeable(spec, key) != null) return null;
    return new Patched(SweepValues.apply(spec, key, value));
  }
}
