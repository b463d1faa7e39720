package gradflow.app;

import gradflow.probe.Finding;
import gradflow.probe.Severity;
import gradflow.spec.NetworkSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which spec patches plausibly cure each finding code, the concrete forms of the remedies the
 * checks print; {@code analyze --try-fixes} runs them. A code without candidates (MISSING_GRADIENT:
 * a parameter the loss never reaches is a wiring problem) is reported as not cured.
 */
public final class FixCandidates {
  private static final SpecFix RELU_HE = SpecFix.activation("relu", "he_uniform");
  private static final SpecFix LEAKY_HE = SpecFix.activation("leaky_relu", "he_uniform");
  private static final SpecFix BATCH_NORM = SpecFix.batchNorm();
  private static final SpecFix RESIDUAL = SpecFix.residual();
  private static final SpecFix HE = SpecFix.init("he_uniform");
  private static final SpecFix XAVIER = SpecFix.init("xavier_uniform");
  private static final SpecFix CLIP = SpecFix.clipNorm(1.0);
  private static final SpecFix LR_TENTH = SpecFix.lrTenth();
  private static final SpecFix ZERO_BIAS = SpecFix.zeroBias();

  /** By finding code, most promising first; every code of {@code Checks.codes()} is a key. */
  static final Map<String, List<SpecFix>> BY_CODE =
      Map.ofEntries(
          Map.entry("NON_FINITE", List.of(LR_TENTH, CLIP)),
          Map.entry("MISSING_GRADIENT", List.of()),
          Map.entry("VANISHING_GRADIENT", List.of(RELU_HE, LEAKY_HE, BATCH_NORM, RESIDUAL, HE)),
          Map.entry("EXPLODING_GRADIENT", List.of(CLIP, LR_TENTH, XAVIER, BATCH_NORM)),
          Map.entry("DEAD_UNITS", List.of(ZERO_BIAS, LEAKY_HE, LR_TENTH, HE)),
          Map.entry("FROZEN_UNITS", List.of(ZERO_BIAS, LEAKY_HE, LR_TENTH, BATCH_NORM)),
          Map.entry("SATURATED_UNITS", List.of(RELU_HE, LEAKY_HE, BATCH_NORM, XAVIER)),
          Map.entry("LARGE_ACTIVATIONS", List.of(XAVIER, HE, BATCH_NORM)),
          Map.entry("MAXOUT_DOMINANT_PIECE", List.of(ZERO_BIAS, XAVIER, HE, LR_TENTH)),
          Map.entry("MAXOUT_DEAD_PIECE", List.of(ZERO_BIAS, XAVIER, HE, LR_TENTH)));

  private FixCandidates() {}

  /** A patch to run, with the finding codes it was proposed for. */
  public record Candidate(SpecFix fix, SpecFix.Patched patched, List<String> proposedFor) {}

  /** True for the findings --try-fixes tries to cure: errors and warnings. */
  public static boolean targeted(Finding f) {
    return f.severity().compareTo(Severity.WARN) >= 0;
  }

  /**
   * The patches that apply to {@code spec} for its error and warning {@code findings}, each once,
   * in the order of the findings (most severe first) and then of each code's list.
   */
  public static List<Candidate> of(NetworkSpec spec, List<Finding> findings) {
    Map<String, SpecFix.Patched> patched = new LinkedHashMap<>();
    Map<String, SpecFix> fixes = new LinkedHashMap<>();
    Map<String, List<String>> codes = new LinkedHashMap<>();
    for (Finding f : findings) {
      if (!targeted(f)) continue;
      for (SpecFix fix : BY_CODE.getOrDefault(f.code(), List.of())) {
        if (!fixes.containsKey(fix.id())) {
          SpecFix.Patched p = fix.apply(spec);
          if (p == null) continue;
          fixes.put(fix.id(), fix);
          patched.put(fix.id(), p);
        }
        List<String> forCodes = codes.computeIfAbsent(fix.id(), k -> new ArrayList<>());
        if (!forCodes.contains(f.code())) forCodes.add(f.code());
      }
    }
    List<Candidate> result = new ArrayList<>();
    fixes.forEach(
        (id, fix) -> result.add(new Candidate(fix, patched.get(id), List.copyOf(codes.get(id)))));
    return result;
  }
}
