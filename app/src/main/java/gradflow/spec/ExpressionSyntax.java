package gradflow.spec;

import java.util.Optional;

/**
 * Checks the formula of an {@code {expr: "..."}} activation while the spec is read, so a typo is
 * reported with the other spec problems, at its place in the file. The spec package knows no
 * expression language; whoever owns one passes its checker to {@link SpecReader#read(
 * java.nio.file.Path, ExpressionSyntax)}.
 */
@FunctionalInterface
public interface ExpressionSyntax {
  /** Accepts every non-blank formula (blank ones are always rejected by the reader). */
  ExpressionSyntax NONE = source -> Optional.empty();

  /** The first problem in {@code source}, or empty if it is a valid formula in x. */
  Optional<ExpressionError> check(String source);
}
