package gradflow.spec;

import java.math.BigInteger;
import java.util.List;

/**
 * A parsed YAML/JSON value with the line and column where it starts. The binder reports problems at
 * these positions; Jackson's own tree loses them, and a position recovered after parsing tends to
 * point at the enclosing object instead of the offending value.
 */
sealed interface SpecNode {
  /** 1-based line of the value's first character. */
  int line();

  /** 1-based column of the value's first character. */
  int column();

  /** How the value reads in a message: "a map", "a list", "string 'ten'", "3.5". */
  String describe();

  /** A mapping; entries keep document order and duplicates, so the binder can report them. */
  record MapNode(int line, int column, List<Entry> entries) implements SpecNode {
    public MapNode {
      entries = List.copyOf(entries);
    }

    @Override
    public String describe() {
      return "a map";
    }
  }

  /** One key of a mapping, with the key's own position. */
  record Entry(String key, int line, int column, SpecNode value) {}

  /** A sequence. */
  record ListNode(int line, int column, List<SpecNode> items) implements SpecNode {
    public ListNode {
      items = List.copyOf(items);
    }

    @Override
    public String describe() {
      return "a list";
    }
  }

  /** Scalar types as the YAML resolver (or JSON) decided them; quoted numbers are strings. */
  enum ScalarType {
    STRING,
    INTEGER,
    FLOAT,
    BOOLEAN,
    NULL
  }

  /**
   * A scalar. {@code integer} is set for INTEGER, {@code number} for INTEGER and FLOAT ({@code
   * .inf} and {@code .nan} included) and is 1 or 0 for BOOLEAN; {@code text} is the value as
   * written.
   */
  record ScalarNode(
      int line, int column, ScalarType type, String text, BigInteger integer, double number)
      implements SpecNode {

    boolean isNumber() {
      return type == ScalarType.INTEGER || type == ScalarType.FLOAT;
    }

    @Override
    public String describe() {
      return switch (type) {
        case STRING -> "string '" + text + "'";
        case NULL -> "nothing";
        default -> text;
      };
    }
  }
}
