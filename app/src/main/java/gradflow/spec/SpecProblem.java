package gradflow.spec;

/**
 * One thing wrong with a spec, located so the user can go straight to it.
 *
 * @param source the file as the user named it, or {@code "<inline>"}
 * @param line 1-based line, or 0 when the problem has no place in the file (e.g. it is missing)
 * @param column 1-based column of the offending value, or 0 with line 0
 * @param path where in the spec: {@code layers[5] (maxout)}, {@code optimizer.adam}; empty for the
 *     top level
 * @param message what is wrong: the constraint and the value found
 * @param hint how to fix it, or null
 * @param sourceLine the text of {@code line}, or null
 */
public record SpecProblem(
    String source,
    int line,
    int column,
    String path,
    String message,
    String hint,
    String sourceLine) {

  public SpecProblem {
    path = path == null ? "" : path;
  }

  /** Whether the problem points into the file. */
  public boolean hasLocation() {
    return line > 0;
  }

  /** The compiler-style block for this problem; see {@link SpecException#render()}. */
  public String render() {
    return ProblemRenderer.render(this);
  }
}
