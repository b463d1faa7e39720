package gradflow.layers.expr;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits expression source into tokens for {@link ExprParser}, reporting characters it does not
 * know and malformed numbers ("1.5.2", "1e") as {@link ExprException}s with a 1-based column.
 */
final class ExprLexer {
  enum Kind {
    NUMBER,
    NAME,
    PLUS,
    MINUS,
    STAR,
    SLASH,
    CARET,
    LPAREN,
    RPAREN,
    COMMA,
    END
  }

  /** A token: its text as written, its 1-based column, and for numbers the value. */
  record Token(Kind kind, String text, int column, double value) {}

  private final String source;
  private int pos;

  ExprLexer(String source) {
    this.source = source;
  }

  List<Token> tokens() {
    List<Token> out = new ArrayList<>();
    while (true) {
      while (pos < source.length() && Character.isWhitespace(source.charAt(pos))) pos++;
      if (pos == source.length()) {
        out.add(new Token(Kind.END, "", pos + 1, 0));
        return out;
      }
      char c = source.charAt(pos);
      if (isDigit(c)
          || (c == '.' && pos + 1 < source.length() && isDigit(source.charAt(pos + 1)))) {
        out.add(number());
      } else if (Character.isLetter(c) || c == '_') {
        int start = pos;
        while (pos < source.length()
            && (Character.isLetterOrDigit(source.charAt(pos)) || source.charAt(pos) == '_')) pos++;
        out.add(new Token(Kind.NAME, source.substring(start, pos), start + 1, 0));
      } else {
        out.add(new Token(symbol(c, pos + 1), String.valueOf(c), pos + 1, 0));
        pos++;
      }
    }
  }

  private Kind symbol(char c, int column) {
    return switch (c) {
      case '+' -> Kind.PLUS;
      case '-', '\u2212' -> Kind.MINUS; // U+2212 MINUS SIGN, as pasted from papers
      case '*' -> Kind.STAR;
      case '/' -> Kind.SLASH;
      case '^' -> Kind.CARET;
      case '(' -> Kind.LPAREN;
      case ')' -> Kind.RPAREN;
      case ',' -> Kind.COMMA;
      default -> throw new ExprException(source, column, "unexpected character '" + c + "'");
    };
  }

  private Token number() {
    int start = pos;
    digits();
    if (pos < source.length() && source.charAt(pos) == '.') {
      pos++;
      digits();
    }
    if (pos < source.length() && (source.charAt(pos) == 'e' || source.charAt(pos) == 'E')) {
      int e = pos++;
      if (pos < source.length() && (source.charAt(pos) == '+' || source.charAt(pos) == '-')) pos++;
      if (pos == source.length() || !isDigit(source.charAt(pos)))
        throw new ExprException(
            source,
            e + 1,
            "malformed number '" + source.substring(start, pos) + "': exponent needs digits");
      digits();
    }
    if (pos < source.length() && source.charAt(pos) == '.') {
      int end = pos;
      while (end < source.length() && (isDigit(source.charAt(end)) || source.charAt(end) == '.'))
        end++;
      throw new ExprException(
          source, pos + 1, "malformed number '" + source.substring(start, end) + "': a second '.'");
    }
    String text = source.substring(start, pos);
    double value = Double.parseDouble(text);
    if (!Double.isFinite(value))
      throw new ExprException(source, start + 1, "number '" + text + "' is too large for a double");
    return new Token(Kind.NUMBER, text, start + 1, value);
  }

  private void digits() {
    while (pos < source.length() && isDigit(source.charAt(pos))) pos++;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
