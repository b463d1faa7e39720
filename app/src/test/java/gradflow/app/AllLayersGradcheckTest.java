package gradflow.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradflow.spec.NetworkSpec;
import gradflow.spec.SpecReader;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The spec path end to end in float64: every layer type, built by NetworkBuilder from YAML, passes
 * gradflow's own gradient check (dropout masks replayed, kinks skipped).
 */
class AllLayersGradcheckTest {
  private static final String SPEC =
      """
      input: [2, 8, 8]
      seed: 9
      data: {synthetic: {kind: blobs, classes: 3, samples: 32, test_samples: 0}}
      layers:
        - conv2d: {filters: 3, kernel: 3, padding: same, activation: tanh, init: xavier_uniform}
        - maxpool2d: {kernel: 3, stride: 1}
        - batchnorm: {}
        - conv2d: {filters: 2, kernel: 2, stride: 2, activation: {expr: "1.5 * x * sigmoid(x)"}}
        - avgpool2d: {kernel: 2, stride: 1}
        - dropout: {rate: 0.3}
        - flatten: {}
        - residual:
            layers:
              - dense: {units: 8, activation: gelu}
              - dense: {units: 8, activation: {expr: "exp(-x^2)"}}
        - maxout: {units: 4, k: 3}
        - dense: {units: 3, activation: softmax}
      """;

  @Test
  void everyParameterOfEveryLayerTypeIsOk() {
    NetworkSpec spec = SpecReader.parse(SPEC, "all-layers.yaml", null);
    GradientChecker.Result r = GradientChecker.check(spec, 4, 0, 1e-5);
    Map<String, String> verdicts = new LinkedHashMap<>();
    r.params()
        .forEach(
            p ->
                verdicts.put(
                    p.name(),
                    p.verdict()
                        + " ("
                        + p.checked()
                        + " checked, rel "
                        + p.maxRelativeError()
                        + ")"));
    assertTrue(r.passed(), verdicts.toString());
    assertEquals(14, r.params().size(), verdicts.keySet().toString());
    assertTrue(r.params().stream().allMatch(p -> p.checked() > 0), verdicts.toString());
  }
}
