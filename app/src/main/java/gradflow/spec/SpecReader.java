package gradflow.spec;

import gradflow.text.FileKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.Objects;

/**
 * Reads a network spec (YAML, or JSON for {@code .json} files) into a {@link NetworkSpec}. Every
 * problem in the file is reported at once, located at the offending value, as a {@link
 * SpecException}; nothing else escapes for bad input. The format is documented in docs/spec.md.
 */
public final class SpecReader {
  /** The largest spec file read, 1 MiB; docs/spec.md "Limits". A network spec is a few KB. */
  public static final int MAX_FILE_BYTES = 1 << 20;

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
    return parse(readBytes(file), file, syntax, limit);
  }

  /**
   * Parses the bytes of {@code file} as {@link #readBytes(Path)} returned them, so that a caller
   * can hash exactly what was parsed (a pipe cannot be read twice).
   */
  public static NetworkSpec parse(byte[] bytes, Path file, ExpressionSyntax syntax) {
    return parse(bytes, file, syntax, MemoryLimit.NONE);
  }

  /** Like {@link #parse(byte[], Path, ExpressionSyntax)}, checking memory: see read. */
  public static NetworkSpec parse(
      byte[] bytes, Path file, ExpressionSyntax syntax, MemoryLimit limit) {
    return parse(bytes, file, syntax, limit, ModelImport.NONE);
  }

  /** As {@link #parse(byte[], Path, ExpressionSyntax, MemoryLimit)}, reading model: with models. */
  public static NetworkSpec parse(
      byte[] bytes, Path file, ExpressionSyntax syntax, MemoryLimit limit, ModelImport models) {
    String source = sourceName(file);
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw SpecException.unlocated(source, "cannot read spec: the file is not UTF-8 text", null);
    }
    Path parent = isStdin(file) ? Path.of("").toAbsolutePath() : file.toAbsolutePath().getParent();
    return parse(text, source, parent, syntax, limit, models);
  }

  /**
   * The bytes of {@code file} ({@code -} is standard input), read once through a stream and never
   * more than {@link #MAX_FILE_BYTES} + 1 of them, so /dev/zero, a pipe or a huge sparse file is
   * refused at once. A FIFO or device is read like a file (so {@code /dev/stdin} and {@code <(...)}
   * work) under the same cap; a pipe with no writer waits, as cat does, with a notice on stderr
   * after two seconds; a missing, unreadable or directory path is a {@link SpecException}.
   */
  public static byte[] readBytes(Path file) {
    String source = sourceName(file);
    if (isStdin(file)) {
      try (SlowInputNotice notice = SlowInputNotice.waitingFor("the spec on standard input")) {
        return readCapped(System.in, source, "standard input");
      }
    }
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (IOException e) {
      throw SpecException.unlocated(source, "cannot read spec: " + reason(e), readHint(e, source));
    }
    if (attributes.isDirectory()) {
      throw SpecException.unlocated(
          source, "cannot read spec: it is a directory", "name a .yaml or .json file");
    }
    String kind = attributes.isRegularFile() ? null : FileKind.of(file);
    if (attributes.isRegularFile() && attributes.size() > MAX_FILE_BYTES)
      throw tooLarge(source, null);
    try (SlowInputNotice notice = kind == null ? null : waitingForWriter(file, kind);
        InputStream in = Files.newInputStream(file)) {
      return readCapped(in, source, kind);
    } catch (IOException e) {
      throw SpecException.unlocated(source, "cannot read spec: " + reason(e), readHint(e, source));
    }
  }

  private static SlowInputNotice waitingForWriter(Path file, String kind) {
    return SlowInputNotice.waitingFor(file + ", " + kind + ", to send the spec");
  }

  private static byte[] readCapped(InputStream in, String source, String kind) {
    byte[] bytes;
    try {
      bytes = in.readNBytes(MAX_FILE_BYTES + 1);
    } catch (IOException e) {
      throw SpecException.unlocated(source, "cannot read spec: " + reason(e), readHint(e, source));
    }
    if (bytes.length > MAX_FILE_BYTES) throw tooLarge(source, kind);
    return bytes;
  }

  private static SpecException tooLarge(String source, String kind) {
    return SpecException.unlocated(
        source,
        "the spec is larger than 1 MiB (the limit); a network spec is a few KB",
        kind == null
            ? "is this the right file? a spec lists input, data and layers"
            : "it is " + kind + ", not a spec file; name a .yaml or .json file");
  }

  /** How to fix a failed read, where there is something to say. */
  private static String readHint(IOException e, String source) {
    if (e instanceof AccessDeniedException) return "make it readable: chmod u+r " + source;
    if (e instanceof NoSuchFileException) return "check the path; - reads the spec from stdin";
    return null;
  }

  /** The OS reason for a failed read, without the path the message already starts with. */
  static String reason(IOException e) {
    if (e instanceof NoSuchFileException) return "no such file";
    if (e instanceof AccessDeniedException) return "permission denied";
    if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason();
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static boolean isStdin(Path file) {
    return file.toString().equals("-");
  }

  private static String sourceName(Path file) {
    return isStdin(file) ? "<stdin>" : file.toString();
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
    return parse(text, sourceName, baseDir, syntax, limit, ModelImport.NONE);
  }

  /** As {@link #parse(String, String, Path, ExpressionSyntax, MemoryLimit)}, with models. */
  public static NetworkSpec parse(
      String text,
      String sourceName,
      Path baseDir,
      ExpressionSyntax syntax,
      MemoryLimit limit,
      ModelImport models) {
    Objects.requireNonNull(syntax, "syntax: pass ExpressionSyntax.NONE to accept any formula");
    String source = sourceName == null ? "<inline>" : sourceName;
    if (text.startsWith("\uFEFF")) text = text.substring(1); // editors on Windows add a BOM
    if (text.length() > MAX_FILE_BYTES) throw tooLarge(source, null);
    Problems problems = new Problems(source, text);
    int control = firstControlCharacter(text);
    if (control >= 0) {
      problems.atIndex(
          text,
          control,
          "the spec holds the control character "
              + ProblemRenderer.escape(text.charAt(control))
              + ", which YAML and JSON do not allow",
          "remove it; a spec is plain text (tabs and line breaks are fine)");
      problems.throwIfAny();
    }
    boolean json = source.toLowerCase(Locale.ROOT).endsWith(".json");
    SpecNode root = SpecTreeParser.parse(text, json, problems);
    if (root == null) {
      throw SpecException.unlocated(
          source,
          "the spec is empty",
          "a spec needs at least input, data and layers; see docs/spec.md");
    }
    return SpecBinder.bind(root, defaultName(source), baseDir, syntax, limit, models, problems);
  }

  /** The index of the first character YAML does not allow (C0 controls but tab, CR, LF; DEL). */
  private static int firstControlCharacter(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) return i;
    }
    return -1;
  }

  /** The file name without its extension: "configs/deep-sigmoid.yaml" gives "deep-sigmoid". */
  static String defaultName(String source) {
    String name = source.replace('\\', '/');
    name = name.substring(name.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
