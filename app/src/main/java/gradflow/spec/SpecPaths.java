package gradflow.spec;

import java.nio.file.Path;

/** How a spec names the files it reads: relative to its own folder where that reads well. */
public final class SpecPaths {
  private SpecPaths() {}

  /**
   * {@code path} as seen from the folder of the spec {@code source} ("../testdata/mnist-mini"), so
   * that a report or a written spec does not depend on where the checkout lives. A path that shares
   * no more than the file-system root with the spec's folder stays absolute.
   */
  public static String relativeToSpec(String source, String path) {
    try {
      Path base = source == null ? null : Path.of(source).toAbsolutePath().normalize().getParent();
      Path data = Path.of(path).toAbsolutePath().normalize();
      if (base == null) return data.toString();
      Path relative = base.relativize(data);
      int up = 0;
      while (up < relative.getNameCount() && relative.getName(up).toString().equals("..")) up++;
      if (up >= base.getNameCount()) return data.toString();
      return relative.toString().isEmpty() ? "." : relative.toString();
    } catch (IllegalArgumentException e) { // another root or an invalid path
      return path;
    }
  }
}
