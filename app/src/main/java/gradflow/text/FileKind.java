package gradflow.text;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Names what kind of file system entry a path is, in words for messages ("a FIFO (named pipe)", "a
 * character device"), so that a file that exists but is not a regular file is not called missing.
 * Follows symbolic links; uses the Unix file mode where the platform has one.
 */
public final class FileKind {
  private static final int TYPE_MASK = 0170000;
  private static final int FIFO = 0010000;
  private static final int CHARACTER_DEVICE = 0020000;
  private static final int DIRECTORY = 0040000;
  private static final int BLOCK_DEVICE = 0060000;
  private static final int REGULAR = 0100000;
  private static final int SOCKET = 0140000;

  private FileKind() {}

  /** "a FIFO (named pipe)", "a directory", "a regular file"...; "not a regular file" if unknown. */
  public static String of(Path path) {
    try {
      Object mode = Files.getAttribute(path, "unix:mode");
      if (mode instanceof Integer m) {
        return switch (m & TYPE_MASK) {
          case FIFO -> "a FIFO (named pipe)";
          case CHARACTER_DEVICE -> "a character device";
          case DIRECTORY -> "a directory";
          case BLOCK_DEVICE -> "a block device";
          case REGULAR -> "a regular file";
          case SOCKET -> "a socket";
          default -> "not a regular file";
        };
      }
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      // no Unix view (Windows) or the path vanished: fall back to the portable answer
    }
    if (Files.isDirectory(path)) return "a directory";
    return Files.isRegularFile(path) ? "a regular file" : "not a regular file";
  }
}
