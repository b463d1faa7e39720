package gradflow.cli;

import gradflow.report.AtomicFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Writes the files and folders a command was asked for (checked before training by {@link
 * OutputPlan}), so that a failure is a clear error (exit 2) that names the option and the path,
 * never a stack trace.
 */
final class OutputPaths {
  private OutputPaths() {}

  /** Writes {@code content} to {@code file} whole or not at all. */
  static void write(String option, Path file, String content) {
    try {
      AtomicFiles.write(file, content);
    } catch (IOException e) {
      throw new UserError("cannot write " + option + " " + file + ": " + reason(e));
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
      throw new UserError(
          "cannot write " + option + " " + folder + ": " + reason(e) + " (no file of it was kept)");
    }
  }

  @FunctionalInterface
  interface FolderWriter {
    void write() throws IOException;
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
