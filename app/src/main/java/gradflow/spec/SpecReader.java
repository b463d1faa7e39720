package gradflow.spec;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Reads a network spec (YAML, or JSON for {@code .json} files) into a {@link NetworkSpec}. Every
 * problem in the file is reported at once, located at the offending value, as a {@link
 * SpecException}; nothing else escapes for bad input. The format is documented in docs/spec.md.
 */
public final class SpecReader {
  private SpecReader() {}

  /**
   * Reads and binds {@code file}; relative data paths resolve against its directory. Any non-blank
   * {@code expr} activation is accepted: see {@link #read(Path, ExpressionSyntax)}.
   */
  public static NetworkSpec read(Path file) {
    return read(file, ExpressionSyntax.NONE);
  }

  /** Like {@link #read(Path)}, checking {@code expr} activations with {@code syntax}. */
  public static NetworkSpec read(Path file, ExpressionSyntax syntax) {
    return read(file, syntax, MemoryLimit.NONE);
  }

  /**
   * Like {@link #read(Path, ExpressionSyntax)}, also refusing a spec whose {@link MemoryEstimate}
   * does not fit {@code limit}, located at the layer (or data setting) that needs the most.
   */
  public static NetworkSpec read(Path file, ExpressionSyntax syntax, MemoryLimit limit) {
    String source = file.toString();
    if (Files.isDirectory(file)) {
      throw SpecException.unlocated(
          source, "cannot read spec: it is a directory", "name a .yaml or .json file");
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw SpecException.unlocated(source, "cannot read spec: no such file", null);
    } catch (CharacterCodingException e) {
      throw SpecException.unlocated(source, "cannot read spec: the file is not UTF-8 text", null);
    } catch (IOException e) {
      throw SpecException.unlocated(source, "cannot read spec: " + e.getMessage(), null);
    }
    Path parent = file.toAbsolutePath().getParent();
    return parse(text, source, parent, syntax, limit);
  }

  /**
   * Parses spec text. {@code sourceName} names it in messages and picks the syntax ({@code .json}
   * is JSON, anything else YAML) and the default model name; {@code baseDir} resolves relative data
   * paths and may be null to keep them as written. Any non-blank {@code expr} activation is
   * accepted.
   */
  public static NetworkSpec parse(String text, String sourceName, Path baseDir) {
    return parse(text, sourceName, baseDir, ExpressionSyntax.NONE);
  }

  /**
   * Like {@link #parse(String, String, Path)}, checking {@code expr} activations with {@code
   * syntax}; a syntax error is reported at its column inside the string in the file.
   */
  public static NetworkSpec parse(
      String text, String sourceName, Path baseDir, ExpressionSyntax syntax) {
    return parse(text, sourceName, baseDir, syntax, MemoryLimit.NONE);
  }

  /** Like {@link #parse(String, String, Path, ExpressionSyntax)}, checking memory: see read. */
  public static NetworkSpec parse(
      String text, String sourceName, Path baseDir, ExpressionSyntax syntax, MemoryLimit limit) {
    Objects.requireNonNull(syntax, "syntax: pass ExpressionSyntax.NONE to accept any formula");
    String source = sourceName == null ? "<inline>" : sourceName;
    if (text.startsWith("\uFEFF")) text = text.substring(1); // editors on Windows add a BOM
    Problems problems = new Problems(source, text);
    boolean json = source.toLowerCase(Locale.ROOT).endsWith(".json");
    SpecNode root = SpecTreeParser.parse(text, json, problems);
    if (root == null) {
      throw SpecException.unlocated(
          source,
          "the spec is empty",
          "a spec needs at least input, data and layers; see docs/spec.md");
    }
    return SpecBinder.bind(root, defaultName(source), baseDir, syntax, limit, problems);
  }

  /** The file name without its extension: "configs/deep-sigmoid.yaml" gives "deep-sigmoid". */
  static String defaultName(String source) {
    String name = source.replace('\\', '/');
    name = name.substring(name.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
