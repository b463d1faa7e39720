package gradflow.spec;

import gradflow.spec.SpecNode.MapNode;
import gradflow.spec.SpecNode.ScalarNode;
import gradflow.spec.SpecNode.ScalarType;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Binds {@code data: {mnist: {...}}} and {@code data: {synthetic: {...}}}. An MNIST {@code dir} is
 * resolved against the spec file's directory, so a spec runs the same from any working directory.
 */
final class DataBinder {
  static final List<String> KINDS = List.of("mnist", "synthetic");
  static final List<String> SYNTHETIC_KINDS = List.of("blobs", "teacher");

  private final Problems problems;
  private final Path baseDir;

  DataBinder(Problems problems, Path baseDir) {
    this.problems = problems;
    this.baseDir = baseDir;
  }

  /** The data source, or null after reporting why not. */
  DataSpec bind(String kind, MapNode body, String path) {
    int before = problems.size();
    DataSpec spec = kind.equals("mnist") ? mnist(body, path) : synthetic(body, path);
    return problems.size() == before ? spec : null;
  }

  private DataSpec mnist(MapNode body, String path) {
    List<String> keys = List.of("dir", "train_offset", "train_count", "test_count");
    MapFields f = new MapFields(body, path, "", keys, problems);
    f.require("dir", "the folder holding train-images-idx3-ubyte[.gz] and the other IDX files");
    String dir = f.text("dir", "");
    String counts = "0 means all";
    int trainOffset = f.integer("train_offset", 0, 0, null);
    int trainCount = f.integer("train_count", 0, 0, counts);
    int testCount = f.integer("test_count", 0, 0, counts);
    return new MnistSpec(resolve(dir), trainOffset, trainCount, testCount);
  }

  private String resolve(String dir) {
    if (dir.isEmpty() || baseDir == null) return dir;
    try {
      Path p = Path.of(dir);
      return p.isAbsolute() ? dir : baseDir.resolve(p).normalize().toString();
    } catch (java.nio.file.InvalidPathException e) {
      return dir; // the data loader reports the unreadable folder with its own message
    }
  }

  private DataSpec synthetic(MapNode body, String path) {
    List<String> keys = List.of("kind", "classes", "samples", "test_samples", "noise");
    MapFields f = new MapFields(body, path, "", keys, problems);
    SpecNode kindNode = f.require("kind", "kind: blobs or kind: teacher");
    SyntheticSpec.Kind kind = kindNode == null ? null : kind(kindNode, path);
    f.require("classes", "the number of classes, e.g. classes: 10");
    int classes = f.integer("classes", 2, 2, null);
    int samples = f.integer("samples", 2000, 1, null);
    int testSamples = f.integer("test_samples", 500, 0, null);
    double noise = f.number("noise", 1.0, 0, null);
    return kind == null ? null : new SyntheticSpec(kind, classes, samples, testSamples, noise);
  }

  private SyntheticSpec.Kind kind(SpecNode value, String path) {
    if (value instanceof ScalarNode s && s.type() == ScalarType.STRING) {
      if (SYNTHETIC_KINDS.contains(s.text())) {
        return SyntheticSpec.Kind.valueOf(s.text().toUpperCase(Locale.ROOT));
      }
    }
    String shown = MapFields.text(value);
    problems.at(
        value,
        path,
        MapFields.unknownMessage("kind", shown, shown, SYNTHETIC_KINDS),
        MapFields.allowedHint(SYNTHETIC_KINDS));
    return null;
  }
}
