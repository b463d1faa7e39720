package gradflow.cli;

import gradflow.report.AtomicFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The files and folders a command was asked to write: checked before anything trains, so that a
 * mistyped path costs no run, and written so that a failure is a clear error (exit 2), never a
 * stack trace.
 */
final class OutputPaths {
  private OutputPaths() {}

  /** A file to be written: not a folder, and its folder exists (or is created) and is writable. */
  static void checkFile(String option, Path file) {
    if (Files.isDirectory(file))
      throw new UserError(option + " " + file + " is a folder; give a file name");
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) ensureFolder(option + " " + file, parent);
  }

  /** {@code FILE|-}: a file to be written, or "-" for stdout, which needs no check. */
  static void checkFileOrStdout(String option, String where) {
    if (!where.equals("-")) checkFile(option, Path.of(where));
  }

  /** A folder to write into: not a file, created if missing, writable. */
  static void checkFolder(String option, Path folder) {
    if (Files.exists(folder) && !Files.isDirectory(folder))
      throw new UserError(option + " " + folder + " is a file; give a folder");
    ensureFolder(option + " " + folder, folder.toAbsolutePath());
  }

  /** Writes {@code content} to {@code file} whole or not at all. */
  static void write(String option, Path file, String content) {
    try {
      AtomicFiles.write(file, content);
    } catch (IOException e) {
      throw new UserError(option + ": cannot write " + file + " (" + reason(e) + ")");
    }
  }

  /**
   * {@code --json FILE|-}: pretty JSON to stdout for "-", else to the file, whole or not at all.
   */
  static void json(String where, String text, PrintStream stdout) {
    if (where.equals("-")) {
      stdout.print(text);
      stdout.flush();
    } else {
      write("--json", Path.of(where), text);
    }
  }

  /** Runs a writer of several files into {@code folder}, reporting a failure as a user error. */
  static void writeInto(String option, Path folder, FolderWriter writer) {
    try {
      writer.write();
    } catch (IOException e) {
      throw new UserError(option + ": cannot write into " + folder + " (" + reason(e) + ")");
    }
  }

  @FunctionalInterface
  interface FolderWriter {
    void write() throws IOException;
  }

  private static void ensureFolder(String what, Path folder) {
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UserError(what + ": cannot create the folder " + folder + " (" + reason(e) + ")");
    }
    if (!Files.isWritable(folder))
      throw new UserError(what + ": the folder " + folder + " is not writable");
  }

  /** A few words for why a file operation failed; Java's messages are often just the path. */
  static String reason(IOException e) {
    if (e instanceof NoSuchFileException n) return "no such file or folder: " + n.getFile();
    if (e instanceof FileAlreadyExistsException x)
      return "a file is in the way, where a folder should be: " + x.getFile();
    if (e instanceof AccessDeniedException a) return "permission denied: " + a.getFile();
    if (e instanceof FileSystemException f && f.getReason() != null)
      return f.getReason() + (f.getFile() == null ? "" : ": " + f.getFile());
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
