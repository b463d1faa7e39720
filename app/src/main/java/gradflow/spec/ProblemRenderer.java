package gradflow.spec;

/**
 * Formats a {@link SpecProblem} like a compiler error, so editors and terminals can jump to it:
 *
 * <pre>
 * configs/maxout.yaml:14:28: error: layers[5] (maxout): k must be at least 2, found 1
 *   - maxout: {units: 32, k: 1}
 *                            ^
 *   hint: with one piece a maxout unit is affine; use `dense`, or set k to 2 or more
 * </pre>
 */
final class ProblemRenderer {
  private ProblemRenderer() {}

  static String render(SpecProblem p) {
    StringBuilder out = new StringBuilder(p.source());
    if (p.hasLocation()) out.append(':').append(p.line()).append(':').append(p.column());
    out.append(": error: ");
    if (!p.path().isEmpty()) out.append(p.path()).append(": ");
    out.append(p.message()).append('\n');
    if (p.hasLocation() && p.sourceLine() != null) {
      out.append(p.sourceLine()).append('\n');
      out.append(caretPrefix(p.sourceLine(), p.column())).append("^\n");
    }
    if (p.hint() != null && !p.hint().isEmpty())
      out.append("  hint: ").append(p.hint()).append('\n');
    return out.toString();
  }

  /** Blanks up to the column; tabs stay tabs so the caret lines up in any tab width. */
  private static String caretPrefix(String sourceLine, int column) {
    StringBuilder prefix = new StringBuilder();
    for (int i = 0; i < column - 1; i++) {
      prefix.append(i < sourceLine.length() && sourceLine.charAt(i) == '\t' ? '\t' : ' ');
    }
    return prefix.toString();
  }
}
