package gradflow.spec;

import java.util.List;

/**
 * A spec could not be read: every problem found, in document order. User errors only; the CLI
 * prints {@link #render()} and exits with INVALID_INPUT, never a stack trace.
 */
public class SpecException extends RuntimeException {
  private final List<SpecProblem> problems;

  public SpecException(List<SpecProblem> problems) {
    super(summary(problems));
    if (problems.isEmpty()) throw new IllegalArgumentException("a SpecException needs a problem");
    this.problems = List.copyOf(problems);
  }

  /** A problem with no place in a file, e.g. the file is missing. */
  public static SpecException unlocated(String source, String message, String hint) {
    return new SpecException(List.of(new SpecProblem(source, 0, 0, "", message, hint, null)));
  }

  public List<SpecProblem> problems() {
    return problems;
  }

  /** One compiler-style block per problem, each ending in a newline. */
  public String render() {
    StringBuilder out = new StringBuilder();
    for (SpecProblem p : problems) out.append(p.render());
    return out.toString();
  }

  private static String summary(List<SpecProblem> problems) {
    StringBuilder out = new StringBuilder();
    for (SpecProblem p : problems) out.append(p.render());
    return out.toString().stripTrailing();
  }
}
