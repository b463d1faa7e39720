package gradflow.spec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects problems while binding, so one run reports all of them. Binding order is not document
 * order (cross-field checks run last), so {@link #throwIfAny()} sorts by position; identical
 * problems (a repeated layer checked once per copy) are reported once.
 */
final class Problems {
  private final String source;
  private final String[] lines;
  private final Set<SpecProblem> problems = new LinkedHashSet<>();

  Problems(String source, String text) {
    this.source = source;
    this.lines = text.split("\r\n|\r|\n", -1);
  }

  String source() {
    return source;
  }

  /** The text of 1-based {@code line}, or null outside the file. */
  String sourceLine(int line) {
    return line >= 1 && line <= lines.length ? lines[line - 1] : null;
  }

  /** A problem at a value. */
  void at(SpecNode node, String path, String message, String hint) {
    at(node.line(), node.column(), path, message, hint);
  }

  /** A problem at a key (unknown or duplicate keys point at the key, not its value). */
  void atKey(SpecNode.Entry entry, String path, String message, String hint) {
    at(entry.line(), entry.column(), path, message, hint);
  }

  /** A problem at character {@code index} of {@code text}, the text these problems are about. */
  void atIndex(String text, int index, String message, String hint) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < index; i++) {
      char c = text.charAt(i);
      if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
        line++;
        lineStart = i + 1;
      }
    }
    at(line, index - lineStart + 1, "", message, hint);
  }

  void at(int line, int column, String path, String message, String hint) {
    problems.add(new SpecProblem(source, line, column, path, message, hint, sourceLine(line)));
  }

  boolean isEmpty() {
    return problems.isEmpty();
  }

  int size() {
    return problems.size();
  }

  void throwIfAny() {
    if (problems.isEmpty()) return;
    List<SpecProblem> sorted = new ArrayList<>(problems);
    sorted.sort(Comparator.comparingInt(SpecProblem::line).thenComparingInt(SpecProblem::column));
    throw new SpecException(sorted);
  }
}
