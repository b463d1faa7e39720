package gradflow.spec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.fasterxml.jackson.dataformat.yaml.snakeyaml.error.MarkedYAMLException;
import gradflow.spec.SpecNode.ScalarType;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads YAML or JSON with Jackson's streaming parser into {@link SpecNode}s, taking each value's
 * position from the token that starts it. A syntax error becomes one located problem.
 */
final class SpecTreeParser {
  private static final JsonFactory JSON = new JsonFactory();
  private static final YAMLFactory YAML = new YAMLFactory();

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
        BigInteger integer = parser.getBigIntegerValue();
        return new SpecNode.ScalarNode(
            line, column, ScalarType.INTEGER, parser.getText(), integer, integer.doubleValue());
      case VALUE_NUMBER_FLOAT:
        return new SpecNode.ScalarNode(
            line, column, ScalarType.FLOAT, parser.getText(), null, parser.getDoubleValue());
      case VALUE_TRUE:
      case VALUE_FALSE:
        double truth = token == JsonToken.VALUE_TRUE ? 1 : 0;
        return new SpecNode.ScalarNode(
            line, column, ScalarType.BOOLEAN, parser.getText(), null, truth);
      case VALUE_NULL:
        return new SpecNode.ScalarNode(line, column, ScalarType.NULL, "null", null, Double.NaN);
      default:
        return new SpecNode.ScalarNode(
            line, column, ScalarType.STRING, parser.getText(), null, Double.NaN);
    }
  }

  private static String oneLine(String message) {
    return message == null ? "unreadable input" : message.strip().replaceAll("\\s*\\n\\s*", "; ");
  }
}
