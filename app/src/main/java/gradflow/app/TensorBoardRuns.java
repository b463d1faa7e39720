package gradflow.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.stream.Stream;

/**
 * The run folder of one run under {@code --tensorboard DIR}. TensorBoard treats each folder holding
 * event files as one run and merges every event file in it, so a run that wrote into the folder of
 * an earlier one would overlay its steps onto that run's. Each run gets its own folder: the name
 * asked for ({@code --run-name}), or the spec's name and the start time in UTC.
 */
public final class TensorBoardRuns {
  private TensorBoardRuns() {}

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  /** Thrown when an asked-for run name is not one file-safe folder name, or is taken. */
  public static final class BadRunName extends Exception {
    BadRunName(String message) {
      super(message);
    }
  }

  /**
   * {@code root/runName} when a name is given (refused when that folder already holds files), else
   * {@code root/<name>-<yyyyMMdd-HHmmss>}, with {@code -2}, {@code -3}... when a run started in the
   * same second.
   */
  public static Path folder(Path root, String name, String runName, Instant start)
      throws BadRunName {
    if (runName != null) {
      if (runName.isBlank()
          || !runName.equals(VariantPlan.fileSafe(runName))
          || runName.startsWith("."))
        throw new BadRunName(
            "--run-name '"
                + runName
                + "' must be one folder name of letters, digits, '.', '_', '=' or '-'");
      Path folder = root.resolve(runName);
      if (holdsFiles(folder))
        throw new BadRunName(
            "--run-name "
                + runName
                + ": "
                + folder
                + " already holds a run, and TensorBoard would merge the two; pick another name"
                + " or leave --run-name out for a timestamped one");
      return folder;
    }
    String base = VariantPlan.fileSafe(name) + "-" + STAMP.format(start);
    Path folder = root.resolve(base);
    for (int n = 2; Files.exists(folder); n++) folder = root.resolve(base + "-" + n);
    return folder;
  }

  private static boolean holdsFiles(Path folder) {
    if (!Files.isDirectory(folder)) return Files.exists(folder);
    try (Stream<Path> entries = Files.list(folder)) {
      return entries.findAny().isPresent();
    } catch (IOException e) {
      return true; // unreadable: not a folder to write a fresh run into
    }
  }
}
