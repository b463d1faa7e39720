package gradflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradflow.app.Sweep;
import gradflow.app.UsageError;
import gradflow.spec.ActivationKind;
import gradflow.spec.DenseSpec;
import gradflow.spec.InitSpec;
import gradflow.spec.LayerSpec;
import gradflow.spec.MaxoutSpec;
import gradflow.spec.NetworkSpec;
import gradflow.spec.ResidualSpec;
import gradflow.spec.SpecReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What each --sweep key changes in a spec, and what it leaves alone. */
class SweepTest {
  static final NetworkSpec SPEC =
      SpecReader.parse(
          Cli.blobsHead("sweep")
              + "layers:\n"
              + "  - dense: {units: 8, activation: sigmoid}\n"
              + "  - residual: {layers: [{dense: {units: 8, activation: tanh}}]}\n"
              + "  - maxout: {units: 4, k: 2}\n"
              + "  - dense: {units: 3, activation: softmax}\n"
              + "optimizer: {adam: {lr: 0.01}}\n"
              + "train: {steps: 20, batch: 32, log_every: 5}\n",
          "sweep.yaml",
          null);

  @Test
  void activationChangesEveryHiddenDenseLayerButNotTheOutput() {
    NetworkSpec s = Sweep.parse("activation=leaky_relu:0.01").apply(SPEC, "leaky_relu:0.01");

    DenseSpec first = (DenseSpec) s.layers().get(0);
    DenseSpec inner = (DenseSpec) ((ResidualSpec) s.layers().get(1)).layers().get(0);
    assertEquals(ActivationKind.LEAKY_RELU, first.activation().kind());
    assertEquals(0.01, first.activation().alpha());
    assertEquals(ActivationKind.LEAKY_RELU, inner.activation().kind());
    assertEquals(SPEC.layers().get(2), s.layers().get(2)); // maxout has no activation
    assertEquals(ActivationKind.SOFTMAX, ((DenseSpec) s.layers().get(3)).activation().kind());
  }

  @Test
  void initLrSeedStepsAndBatch() {
    NetworkSpec s = Sweep.parse("init=glorot_normal,he_uniform").apply(SPEC, "he_uniform");
    InitSpec he = new InitSpec.Scaled(InitSpec.Scheme.HE_UNIFORM);
    for (LayerSpec l : List.of(s.layers().get(0), s.layers().get(3)))
      assertEquals(he, ((DenseSpec) l).init());
    assertEquals(he, ((MaxoutSpec) s.layers().get(2)).init());

    assertEquals(0.5, Sweep.parse("lr=0.5").apply(SPEC, "0.5").optimizer().lr());
    assertEquals(
        SPEC.optimizer().beta2(), Sweep.parse("lr=0.5").apply(SPEC, "0.5").optimizer().beta2());
    assertEquals(9, Sweep.parse("seed=9").apply(SPEC, "9").seed());
    assertEquals(7, Sweep.parse("steps=7").apply(SPEC, "7").train().steps());
    assertEquals(16, Sweep.parse("batch=16").apply(SPEC, "16").train().batch());
  }

  @Test
  void badKeysAndValuesSayWhatIsAllowed() {
    UsageError key = assertThrows(UsageError.class, () -> Sweep.parse("ler=0.1"));
    assertTrue(key.getMessage().contains("did you mean 'lr'?"), key.getMessage());
    UsageError init = assertThrows(UsageError.class, () -> Sweep.parse("init=he_unifrom"));
    assertTrue(init.getMessage().contains("did you mean 'he_uniform'?"), init.getMessage());
    assertThrows(UsageError.class, () -> Sweep.parse("activation=relu:0.1"));
    assertThrows(UsageError.class, () -> Sweep.parse("lr=0"));
    assertThrows(UsageError.class, () -> Sweep.parse("seed=1,1"));
    assertThrows(UsageError.class, () -> Sweep.parse("batch=1.5"));
  }

  @Test
  void aWholeNumberTooLargeIsCalledTooLarge() {
    UsageError big = assertThrows(UsageError.class, () -> Sweep.parse("steps=2147483648"));
    assertTrue(
        big.getMessage().contains("steps must be at most 2147483647, found '2147483648'"),
        big.getMessage());
    UsageError huge =
        assertThrows(UsageError.class, () -> Sweep.parse("batch=99999999999999999999"));
    assertTrue(huge.getMessage().contains("at most 2147483647"), huge.getMessage());
    assertEquals(List.of("2147483647"), Sweep.parse("steps=2147483647").values());
  }
}
