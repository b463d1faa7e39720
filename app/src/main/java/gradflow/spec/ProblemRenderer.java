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
 *
 * A long source line is echoed as a window of about {@value #WINDOW} characters around the column,
 * with … where it was cut, and a long message is shortened in its middle, so a 50 MB one-line spec
 * never prints megabytes. Control characters are echoed escaped ({@code \0}, {@code \x1b}), never
 * raw, and the caret still points at the column.
 */
final class ProblemRenderer {
  /** The most characters of a source line echoed. */
  static final int WINDOW = 100;

  /** The most characters of a message printed. */
  static final int MAX_MESSAGE = 400;

  private static final String CUT = "…";

  private ProblemRenderer() {}

  static String render(SpecProblem p) {
    StringBuilder out = new StringBuilder(p.source());
    if (p.hasLocation()) out.append(':').append(p.line()).append(':').append(p.column());
    out.append(": error: ");
    if (!p.path().isEmpty()) out.append(p.path()).append(": ");
    out.append(shorten(p.message())).append('\n');
    if (p.hasLocation() && p.sourceLine() != null) echo(p.sourceLine(), p.column(), out);
    if (p.hint() != null && !p.hint().isEmpty())
      out.append("  hint: ").append(shorten(p.hint())).append('\n');
    return out.toString();
  }

  /**
   * The window of {@code line} around 1-based {@code column} and a caret line under the column.
   * Tabs stay tabs in both lines, so the caret lines up in any tab width.
   */
  private static void echo(String line, int column, StringBuilder out) {
    int at = Math.max(0, Math.min(column - 1, line.length()));
    int start = 0;
    int end = line.length();
    if (line.length() > WINDOW) {
      start = Math.max(0, Math.min(at - WINDOW / 2, line.length() - WINDOW));
      end = Math.min(line.length(), start + WINDOW);
    }
    StringBuilder text = new StringBuilder();
    StringBuilder caret = new StringBuilder();
    if (start > 0) {
      text.append(CUT);
      caret.append(' ');
    }
    for (int i = start; i < end; i++) {
      char c = line.charAt(i);
      String shown = isControl(c) ? escape(c) : String.valueOf(c);
      text.append(shown);
      if (i < at) caret.append(c == '\t' ? "\t" : " ".repeat(shown.length()));
    }
    if (end < line.length()) text.append(CUT);
    out.append(text).append('\n').append(caret).append("^\n");
  }

  /** A control character as an escape: \0, \b, \f, \x1b; other characters as they are. */
  static String escape(char c) {
    return switch (c) {
      case 0 -> "\\0";
      case '\b' -> "\\b";
      case '\f' -> "\\f";
      case 0x0b -> "\\v";
      case '\r' -> "\\r";
      case '\n' -> "\\n";
      default -> isControl(c) ? String.format("\\x%02x", (int) c) : String.valueOf(c);
    };
  }

  private static boolean isControl(char c) {
    return (c < 0x20 && c != '\t') || (c >= 0x7f && c < 0xa0);
  }

  /** Keeps the start and the end of a message longer than {@link #MAX_MESSAGE}, escaped. */
  private static String shorten(String message) {
    if (message.length() <= MAX_MESSAGE) return escapeAll(message);
    int head = MAX_MESSAGE * 3 / 4;
    int tail = MAX_MESSAGE / 4;
    return escapeAll(message.substring(0, head))
        + CUT
        + escapeAll(message.substring(message.length() - tail));
  }

  private static String escapeAll(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) out.append(escape(s.charAt(i)));
    return out.toString();
  }
}
