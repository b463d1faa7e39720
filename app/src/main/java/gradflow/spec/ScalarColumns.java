package gradflow.spec;

/**
 * Maps a position inside a scalar's value to a column in the file. The parser gives the column
 * where the scalar starts, which for a quoted scalar is the opening quote, and escapes (backslash
 * escapes in double quotes, YAML's {@code ''} in single quotes) make the text in the file longer
 * than the value. A scalar that continues onto another line, or a block scalar, maps to its start.
 */
final class ScalarColumns {
  private ScalarColumns() {}

  /**
   * The 1-based file column of the value's character at 0-based {@code offset} ({@code offset ==
   * length} is the closing quote, or just past a plain scalar).
   *
   * @param sourceLine the text of the line the scalar starts on, or null
   * @param valueColumn the 1-based column where the scalar starts
   */
  static int fileColumn(String sourceLine, int valueColumn, int offset) {
    int start = valueColumn - 1;
    if (sourceLine == null || start < 0 || start >= sourceLine.length()) return valueColumn;
    char first = sourceLine.charAt(start);
    int index;
    if (first == '"') {
      index = inDoubleQuotes(sourceLine, start + 1, offset);
    } else if (first == '\'') {
      index = inSingleQuotes(sourceLine, start + 1, offset);
    } else if (first == '|' || first == '>') {
      return valueColumn; // a block scalar's text starts on the next line
    } else {
      index = start + offset;
    }
    return index >= 0 && index <= sourceLine.length() ? index + 1 : valueColumn;
  }

  /** Index of the character {@code count} characters after {@code i}, or -1 off the line. */
  private static int inDoubleQuotes(String line, int i, int count) {
    for (int n = 0; n < count; n++) {
      if (i >= line.length() || line.charAt(i) == '"') return -1;
      i += line.charAt(i) == '\\' ? escapeLength(line, i) : 1;
    }
    return i < line.length() ? i : -1;
  }

  /** Backslash escapes: x takes 2 hex digits, u 4 and U 8; the others are one letter. */
  private static int escapeLength(String line, int i) {
    char next = i + 1 < line.length() ? line.charAt(i + 1) : ' ';
    return switch (next) {
      case 'x' -> 4;
      case 'u' -> 6;
      case 'U' -> 10;
      default -> 2;
    };
  }

  /** In single quotes {@code ''} is one quote and nothing else is escaped. */
  private static int inSingleQuotes(String line, int i, int count) {
    for (int n = 0; n < count; n++) {
      if (i >= line.length()) return -1;
      if (line.charAt(i) == '\'') {
        if (i + 1 >= line.length() || line.charAt(i + 1) != '\'') return -1;
        i += 2;
      } else {
        i++;
      }
    }
    return i < line.length() ? i : -1;
  }
}
