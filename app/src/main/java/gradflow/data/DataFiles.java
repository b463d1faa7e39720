package gradflow.data;

import gradflow.text.FileKind;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Says why a data file cannot be read, in words: missing, not a regular file (a FIFO, a folder, a
 * device, a symbolic link loop) or permission denied. Checked before opening, because opening a
 * FIFO blocks until something writes to it.
 */
final class DataFiles {
  static final String POINT_AT_IDX = "point --data-dir at a folder of IDX files";

  /** The fix for a file the spec's data section names (npy, csv, idx). */
  static final String FIX_SPEC_PATH = "fix the file name in the spec's data section";

  private DataFiles() {}

  /** Throws a {@link DataException} unless {@code file} is (or links to) a regular file. */
  static void requireRegularFile(Path file) {
    requireRegularFile(file, POINT_AT_IDX);
  }

  /** As {@link #requireRegularFile(Path)}, with {@code fix} as the way out in messages. */
  static void requireRegularFile(Path file, String fix) {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (IOException e) {
      throw failure(file, e, fix);
    }
    if (!attributes.isRegularFile()) {
      throw new DataException(file + " is " + FileKind.of(file) + ", not a regular file; " + fix);
    }
  }

  /** True if something (anything, even a broken link) is at {@code path}. */
  static boolean present(Path path) {
    try {
      Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return true;
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      throw failure(path, e);
    }
  }

  /** The message for an I/O failure on {@code file}: what went wrong and what to do. */
  static DataException failure(Path file, IOException e) {
    return failure(file, e, POINT_AT_IDX);
  }

  /** As {@link #failure(Path, IOException)}, with {@code fix} as the way out. */
  static DataException failure(Path file, IOException e, String fix) {
    if (e instanceof NoSuchFileException) {
      if (Files.isSymbolicLink(file)) {
        return new DataException(
            file + " is a symbolic link to a missing file; fix the link or " + fix, e);
      }
      return new DataException(file + ": file not found", e);
    }
    if (e instanceof AccessDeniedException) {
      return new DataException(
          file
              + ": permission denied; make it and the folders above it readable"
              + " (chmod u+r, folders u+rx) or "
              + fix,
          e);
    }
    String reason = e instanceof FileSystemException f ? f.getReason() : e.getMessage();
    if (reason != null && reason.contains("levels of symbolic links")) {
      return new DataException(
          file + " is a symbolic link loop, not a regular file; fix the link or " + fix, e);
    }
    return new DataException(file + ": cannot read (" + reason + ")", e);
  }
}
