package gradflow.spec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.fasterxml.jackson.dataformat.yaml.snakeyaml.error.MarkedYAMLException;
import gradflow.spec.SpecNode.ScalarType;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads YAML or JSON with Jackson's streaming parser into {@link SpecNode}s, taking each value's
 * position from the token that starts it. A syntax error becomes one located problem.
 */
final class SpecTreeParser {
  /** Deepest nesting of maps and lists; a network spec nests a few levels (docs/spec.md). */
  static final int MAX_NESTING = 100;

  /** Longest text value or key, in characters; a path or formula is far shorter. */
  static final int MAX_TEXT = 100_000;

  /** Longest number literal read exactly; longer whole numbers are out of range for any key. */
  static final int MAX_NUMBER_CHARS = 1_000;

  private static final StreamReadConstraints LIMITS =
      StreamReadConstraints.builder()
          .maxNestingDepth(MAX_NESTING)
          .maxStringLength(MAX_TEXT)
          .maxNameLength(MAX_TEXT)
          .maxNumberLength(MAX_NUMBER_CHARS)
          .build();

  // NaN and Infinity are read as numbers so that the binder can say "must be a finite number"
  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(LIMITS)
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .build();
  private static final YAMLFactory YAML = new YAMLFactory();

  static {
    YAML.setStreamReadConstraints(LIMITS); // the builder would reset other YAML defaults
  }

  /** YAML's non-finite floats (.nan, .inf, -.inf in any of the allowed cases). */
  private static final Pattern YAML_NON_FINITE =
      Pattern.compile("([-+]?)\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");

  /** A whole number written with a leading zero, which YAML 1.1 reads as octal. */
  private static final Pattern LEADING_ZERO = Pattern.compile("[-+]?0[0-9_]+");

  private final Problems problems;
  private JsonParser parser;

  private SpecTreeParser(Problems problems) {
    this.problems = problems;
  }

  /** The document's root value, or null for an empty document (comments only). */
  static SpecNode parse(String text, boolean json, Problems problems) {
    return new SpecTreeParser(problems).run(text, json);
  }

  private SpecNode run(String text, boolean json) {
    try (JsonParser p = json ? JSON.createParser(text) : YAML.createParser(text)) {
      parser = p;
      JsonToken first = p.nextToken();
      if (first == null) return null;
      SpecNode root = value(first);
      if (p.nextToken() != null) {
        JsonLocation at = p.currentTokenLocation();
        problems.at(
            at.getLineNr(),
            at.getColumnNr(),
            "",
            "a spec file holds one document, found a second one",
            "remove the `---` separator and what follows, or split it into its own file");
        problems.throwIfAny();
      }
      return root;
    } catch (StreamConstraintsException e) {
      JsonLocation at = parser == null ? null : parser.currentLocation();
      problems.at(
          at == null ? 0 : at.getLineNr(),
          at == null ? 0 : at.getColumnNr(),
          "",
          limitMessage(e.getOriginalMessage()),
          "a network spec is a few KB of plain keys and values; see docs/spec.md, Limits");
    } catch (MarkedYAMLException e) {
      var mark = e.getProblemMark();
      String context = e.getContext();
      String hint = null;
      if (context != null && e.getContextMark() != null) {
        hint =
            context
                + " started at line "
                + (e.getContextMark().getLine() + 1)
                + ", column "
                + (e.getContextMark().getColumn() + 1);
      }
      int line = mark != null ? mark.getLine() + 1 : e.getLocation().getLineNr();
      int column = mark != null ? mark.getColumn() + 1 : e.getLocation().getColumnNr();
      problems.at(line, column, "", "YAML syntax: " + oneLine(e.getProblem()), hint);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String kind = json ? "JSON syntax: " : "YAML syntax: ";
      problems.at(
          at == null ? 0 : at.getLineNr(),
          at == null ? 0 : at.getColumnNr(),
          "",
          kind + oneLine(e.getOriginalMessage()),
          null);
    } catch (IOException e) {
      problems.at(0, 0, "", "cannot read spec: " + e.getMessage(), null);
    }
    problems.throwIfAny();
    throw new AssertionError("unreachable: a syntax problem was recorded");
  }

  private SpecNode value(JsonToken token) throws IOException {
    JsonLocation at = parser.currentTokenLocation();
    int line = at.getLineNr();
    int column = at.getColumnNr();
    if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
      problems.at(
          line,
          column,
          "",
          "YAML aliases are not supported, found *" + parser.getText(),
          "write the value out in full");
    }
    switch (token) {
      case START_OBJECT:
        List<SpecNode.Entry> entries = new ArrayList<>();
        for (JsonToken t = parser.nextToken(); t == JsonToken.FIELD_NAME; t = parser.nextToken()) {
          JsonLocation keyAt = parser.currentTokenLocation();
          String key = parser.currentName();
          SpecNode v = value(parser.nextToken());
          entries.add(new SpecNode.Entry(key, keyAt.getLineNr(), keyAt.getColumnNr(), v));
        }
        return new SpecNode.MapNode(line, column, entries);
      case START_ARRAY:
        List<SpecNode> items = new ArrayList<>();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
          items.add(value(t));
        }
        return new SpecNode.ListNode(line, column, items);
      case VALUE_NUMBER_INT:
        return integer(line, column, parser.getText());
      case VALUE_NUMBER_FLOAT:
        return floating(line, column, parser.getText());
      case VALUE_TRUE:
      case VALUE_FALSE:
        double truth = token == JsonToken.VALUE_TRUE ? 1 : 0;
        return new SpecNode.ScalarNode(
            line, column, ScalarType.BOOLEAN, parser.getText(), null, truth);
      case VALUE_NULL:
        return new SpecNode.ScalarNode(line, column, ScalarType.NULL, "null", null, Double.NaN);
      default:
        String text = parser.getText();
        if (text.length() > MAX_TEXT) {
          // the YAML parser does not apply the string limit; keep the node small for messages
          problems.at(
              line,
              column,
              "",
              "a text value is longer than " + MAX_TEXT + " characters, found " + text.length(),
              "a name, path or formula is far shorter; is a quote missing?");
          text = text.substring(0, 40);
        }
        return new SpecNode.ScalarNode(line, column, ScalarType.STRING, text, null, Double.NaN);
    }
  }

  private SpecNode integer(int line, int column, String text) throws IOException {
    BigInteger integer;
    if (text.length() > MAX_NUMBER_CHARS) {
      // parsing a huge literal costs quadratic time, and it is out of range for every key anyway
      integer = BigInteger.TEN.pow(MAX_NUMBER_CHARS);
      if (text.startsWith("-")) integer = integer.negate();
    } else {
      integer = parser.getBigIntegerValue();
    }
    if (LEADING_ZERO.matcher(text).matches()) {
      problems.at(
          line,
          column,
          "",
          "a whole number with a leading zero is octal in YAML 1.1, found "
              + text
              + " (it would read as "
              + integer
              + ")",
          "write it without the leading zero; for octal, write the decimal value");
    }
    return new SpecNode.ScalarNode(
        line, column, ScalarType.INTEGER, text, integer, integer.doubleValue());
  }

  private SpecNode floating(int line, int column, String text) throws IOException {
    Matcher m = YAML_NON_FINITE.matcher(text);
    double value;
    if (m.matches()) {
      // Jackson's YAML parser resolves these as floats but cannot convert them ("malformed")
      value = m.group(3) != null ? Double.NaN : m.group(1).equals("-") ? -1 / 0.0 : 1 / 0.0;
    } else {
      value = parser.getDoubleValue();
    }
    return new SpecNode.ScalarNode(line, column, ScalarType.FLOAT, text, null, value);
  }

  /** A parser limit said in our words, without Jackson's setting names. */
  static String limitMessage(String original) {
    String m = original == null ? "" : original;
    if (m.startsWith("Document nesting depth"))
      return "the spec is nested more than " + MAX_NESTING + " levels deep";
    if (m.startsWith("String value length") || m.startsWith("Name length"))
      return "a text value or key is longer than " + MAX_TEXT + " characters";
    if (m.startsWith("Number value length"))
      return "a number is longer than " + MAX_NUMBER_CHARS + " characters";
    return "the spec exceeds a reader limit: " + oneLine(m.replaceAll(", from `[^`]*`", ""));
  }

  private static String oneLine(String message) {
    return message == null ? "unreadable input" : message.strip().replaceAll("\\s*\\n\\s*", "; ");
  }
}
