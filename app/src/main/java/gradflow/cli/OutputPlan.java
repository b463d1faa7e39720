package gradflow.cli;

import gradflow.data.MnistLoader;
import gradflow.report.AtomicFiles;
import gradflow.spec.MnistSpec;
import gradflow.spec.NetworkSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Every file a command reads and writes, checked before anything trains: an output may not be an
 * input (the spec, a data file) or another output, may not be a special file (device, FIFO, socket;
 * "-" is stdout), and its folder must accept a new file of its name, which is probed by creating
 * and deleting one. Paths are compared after following symlinks, and by file identity, so a link or
 * a hard link to the spec is caught too. Every problem is a {@link UserError} (exit 2) that names
 * the option and the path.
 */
final class OutputPlan {
  private record Input(String what, Path real, Object key) {}

  private record Output(String option, Path given, Path real, Object key, boolean folder) {
    String label() {
      return option + " " + given;
    }
  }

  private final List<Input> inputs = new ArrayList<>();
  private final List<Output> outputs = new ArrayList<>();

  /** The spec file at {@code file} is read. */
  OutputPlan readsSpec(Path file) {
    addInput("the spec being read", file);
    return this;
  }

  /** The {@code --baseline} report is read; null when not given. */
  OutputPlan readsBaseline(Path file) {
    if (file != null) addInput("the --baseline report being read", file);
    return this;
  }

  /** The data files {@code spec} reads: every MNIST IDX name, raw or .gz, in its folder. */
  OutputPlan readsData(NetworkSpec spec) {
    if (spec.model() != null) addInput("the model being read", spec.model().file());
    for (String file : spec.data().files()) addInput("a data file of the run", Path.of(file));
    if (spec.data() instanceof MnistSpec m && !m.dir().isEmpty()) {
      Path dir = Path.of(m.dir());
      for (String name :
          List.of(
              MnistLoader.TRAIN_IMAGES,
              MnistLoader.TRAIN_LABELS,
              MnistLoader.TEST_IMAGES,
              MnistLoader.TEST_LABELS)) {
        addInput("a data file of the run", dir.resolve(name));
        addInput("a data file of the run", dir.resolve(name + ".gz"));
      }
    }
    return this;
  }

  /** {@code FILE} or {@code -} (stdout); null when not asked for. */
  OutputPlan fileOrStdout(String option, String where) {
    if (where == null || where.equals("-")) return this;
    return file(option, where, "; give a file name, or - for stdout");
  }

  /** A file output (no stdout); null when not asked for. */
  OutputPlan file(String option, Path where) {
    return where == null ? this : file(option, where.toString(), "; give a file name");
  }

  /** A folder output; null when not asked for. */
  OutputPlan folder(String option, Path where) {
    if (where == null) return this;
    if (where.toString().isEmpty()) throw new UserError(option + ": empty path; give a folder");
    if (Files.exists(where) && !Files.isDirectory(where))
      throw new UserError(
          option + " " + where + " is " + kind(where) + "; give a folder (created if missing)");
    outputs.add(new Output(option, where, real(option, where), key(where), true));
    return this;
  }

  private OutputPlan file(String option, String where, String hint) {
    if (where.isEmpty()) throw new UserError(option + ": empty path" + hint);
    Path path = Path.of(where);
    if (Files.isDirectory(path))
      throw new UserError(option + " " + path + " is a folder; give a file name");
    if (Files.exists(path) && !Files.isRegularFile(path))
      throw new UserError(
          option + " " + path + " is " + kind(path) + ", not a regular file" + hint);
    outputs.add(new Output(option, path, real(option, path), key(path), false));
    return this;
  }

  /**
   * Refuses clashes, then creates the folders and probes each one; nothing is written when a check
   * fails.
   */
  void check() {
    for (int i = 0; i < outputs.size(); i++) {
      Output o = outputs.get(i);
      for (Input in : inputs)
        if (!o.folder() && same(o.real(), o.key(), in.real(), in.key()))
          throw new UserError(o.label() + " is " + in.what() + "; choose another file");
      for (Output earlier : outputs.subList(0, i))
        if ((!o.folder() || !earlier.folder())
            && same(o.real(), o.key(), earlier.real(), earlier.key()))
          throw new UserError(
              earlier.label()
                  + " and "
                  + o.label()
                  + " are the same "
                  + (o.folder() || earlier.folder() ? "path" : "file")
                  + "; give each output its own");
    }
    for (Output o : outputs) {
      Path folder = o.folder() ? o.real() : o.real().getParent();
      ensureFolder(o.label(), folder);
      int nameBytes =
          o.folder()
              ? 16
              : o.real().getFileName().toString().getBytes(StandardCharsets.UTF_8).length;
      probe(o.label(), folder, nameBytes);
    }
  }

  private static boolean same(Path a, Object aKey, Path b, Object bKey) {
    return a.equals(b) || (aKey != null && aKey.equals(bKey));
  }

  private void addInput(String what, Path file) {
    if (!Files.exists(file)) return;
    try {
      inputs.add(new Input(what, file.toRealPath(), key(file)));
    } catch (IOException e) {
      // an input without a real path (a pipe such as /dev/stdin) cannot be an output's target
    }
  }

  private static Path real(String option, Path path) {
    try {
      return AtomicFiles.target(path);
    } catch (IOException e) {
      throw new UserError(option + " " + path + ": " + OutputPaths.reason(e));
    }
  }

  /** The file's identity (device and inode on Unix), or null when it does not exist. */
  private static Object key(Path path) {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
    } catch (IOException e) {
      return null;
    }
  }

  /** What an existing path that is not a regular file is, in words. */
  static String kind(Path path) {
    if (Files.isDirectory(path)) return "a folder";
    if (Files.isRegularFile(path)) return "a file";
    try {
      int type = ((Integer) Files.getAttribute(path, "unix:mode")) & 0170000;
      return switch (type) {
        case 0010000 -> "a FIFO (named pipe)";
        case 0020000 -> "a character device";
        case 0060000 -> "a block device";
        case 0140000 -> "a socket";
        default -> "a special file";
      };
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "a special file";
    }
  }

  private static void ensureFolder(String what, Path folder) {
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UserError(
          what + ": cannot create the folder " + folder + " (" + OutputPaths.reason(e) + ")");
    }
  }

  /**
   * Creates and deletes a file in {@code folder} whose name is {@code length} bytes long, as the
   * output's, which catches read-only and pseudo file systems (/proc, /sys) and names that are too
   * long, before training.
   */
  private static void probe(String what, Path folder, int length) {
    Path probe = folder.resolve(".gf" + AtomicFiles.randomName(Math.max(8, length - 3)));
    try {
      Files.newOutputStream(probe, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
      Files.delete(probe);
    } catch (IOException e) {
      throw new UserError(what + ": " + probeFailure(folder, e));
    }
  }

  private static String probeFailure(Path folder, IOException e) {
    String reason = e instanceof FileSystemException f ? f.getReason() : null;
    if (e instanceof AccessDeniedException
        || Objects.equals(reason, "Read-only file system")
        || Objects.equals(reason, "Permission denied"))
      return "the folder "
          + folder
          + " is not writable ("
          + (reason == null ? "permission denied" : reason)
          + ")";
    if (Objects.equals(reason, "File name too long"))
      return "the file name is too long for the file system of " + folder;
    if (e instanceof NoSuchFileException)
      return "the folder " + folder + " does not accept new files (a pseudo file system?)";
    return "cannot create a file in " + folder + " (" + OutputPaths.reason(e) + ")";
  }
}
