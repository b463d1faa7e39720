package gradflow.spec;

import gradflow.spec.SpecNode.MapNode;
import gradflow.spec.SpecNode.ScalarNode;
import gradflow.spec.SpecNode.ScalarType;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Binds {@code data: {mnist | synthetic | npy | csv | idx: {...}}}. Every folder and file name is
 * resolved against the spec file's directory, so a spec runs the same from any working directory.
 * What the files hold (shapes, dtypes, labels) is checked when they are loaded.
 */
final class DataBinder {
  static final List<String> KINDS = List.of("mnist", "synthetic", "npy", "csv", "idx");
  static final List<String> SCALING_KEYS = List.of("scale", "standardize");
  static final List<String> MNIST_KEYS =
      List.of("dir", "train_offset", "train_count", "test_count");
  static final List<String> SYNTHETIC_KEYS =
      List.of("kind", "classes", "samples", "test_samples", "noise", "centre_std");
  static final List<String> NPY_KEYS = keys("x", "y", "test_x", "test_y");
  static final List<String> CSV_KEYS =
      keys("file", "label", "header", "test_file", "test_fraction");
  static final List<String> IDX_KEYS =
      keys("train_images", "train_labels", "test_images", "test_labels");

  /** Each kind's keys, in the order docs/spec.md lists them. */
  static final java.util.Map<String, List<String>> KEYS =
      java.util.Map.of(
          "mnist", MNIST_KEYS,
          "synthetic", SYNTHETIC_KEYS,
          "npy", NPY_KEYS,
          "csv", CSV_KEYS,
          "idx", IDX_KEYS);

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
    DataSpec spec =
        switch (kind) {
          case "mnist" -> mnist(body, path);
          case "npy" -> npy(body, path);
          case "csv" -> csv(body, path);
          case "idx" -> idx(body, path);
          default -> synthetic(body, path);
        };
    return problems.size() == before ? spec : null;
  }

  private DataSpec mnist(MapNode body, String path) {
    MapFields f = new MapFields(body, path, "", MNIST_KEYS, problems);
    f.require("dir", "the folder holding train-images-idx3-ubyte[.gz] and the other IDX files");
    String dir = f.text("dir", "");
    String counts = "0 means all";
    int trainOffset = f.integer("train_offset", 0, 0, null);
    int trainCount = f.integer("train_count", 0, 0, counts);
    int testCount = f.integer("test_count", 0, 0, counts);
    return new MnistSpec(resolve(dir), trainOffset, trainCount, testCount);
  }

  private DataSpec npy(MapNode body, String path) {
    MapFields f = new MapFields(body, path, "", NPY_KEYS, problems);
    String x = file(f, "x", "the inputs, an array [N, ...] of float32, float64 or uint8");
    String y = file(f, "y", "the labels, N integers or one-hot rows [N, classes]");
    String[] test = pair(f, "test_x", "test_y");
    ScalingSpec scaling = scaling(f);
    return x == null || y == null ? null : new NpySpec(x, y, test[0], test[1], scaling);
  }

  private DataSpec idx(MapNode body, String path) {
    MapFields f = new MapFields(body, path, "", IDX_KEYS, problems);
    String images = file(f, "train_images", "an IDX file of unsigned bytes [N, ...], raw or .gz");
    String labels = file(f, "train_labels", "an IDX file of N unsigned-byte labels, raw or .gz");
    String[] test = pair(f, "test_images", "test_labels");
    ScalingSpec scaling = scaling(f);
    return images == null || labels == null
        ? null
        : new IdxSpec(images, labels, test[0], test[1], scaling);
  }

  private DataSpec csv(MapNode body, String path) {
    MapFields f = new MapFields(body, path, "", CSV_KEYS, problems);
    String file = file(f, "file", "a CSV file of numbers, one example per row");
    boolean header = f.bool("header", true);
    SpecNode labelNode = f.require("label", "the label column: its name, or a 0-based index");
    String labelName = null;
    int labelIndex = -1;
    boolean labelOk = false;
    if (labelNode instanceof ScalarNode s && s.isNumber()) {
      labelIndex = f.integer(labelNode, "label", -1, 0, "columns count from 0");
      labelOk = labelIndex >= 0;
    } else if (labelNode instanceof ScalarNode s && s.type() == ScalarType.STRING) {
      labelName = s.text();
      labelOk = header;
      if (!header)
        problems.at(
            labelNode,
            path,
            "label names a column ('" + labelName + "') but header is false",
            "set header: true, or give the label column's 0-based index");
    } else if (labelNode != null) {
      problems.at(
          labelNode,
          path,
          "label must be a column name or a 0-based index, found " + labelNode.describe(),
          null);
    }
    String testFile = f.has("test_file") ? file(f, "test_file", null) : null;
    double fraction = f.belowOne("test_fraction", 0, "e.g. test_fraction: 0.2");
    if (testFile != null && fraction > 0) {
      f.problemAt(
          "test_fraction",
          "give test_file or test_fraction, not both",
          "remove one: test_file is a separate test set, test_fraction splits file");
      return null;
    }
    ScalingSpec scaling = scaling(f);
    return file == null || !labelOk
        ? null
        : new CsvSpec(file, labelName, labelIndex, header, testFile, fraction, scaling);
  }

  private static List<String> keys(String... own) {
    List<String> keys = new java.util.ArrayList<>(List.of(own));
    keys.addAll(SCALING_KEYS);
    return keys;
  }

  /** A required file name, resolved; null after reporting. */
  private String file(MapFields f, String key, String hint) {
    if (f.require(key, hint) == null) return null;
    String name = f.text(key, null);
    if (name != null && name.isEmpty()) {
      f.problemAt(key, key + " must name a file, found an empty string", hint);
      return null;
    }
    return name == null ? null : resolve(name);
  }

  /** Two optional files that go together (test inputs and labels): both, or neither. */
  private String[] pair(MapFields f, String first, String second) {
    if (f.has(first) != f.has(second)) {
      String present = f.has(first) ? first : second;
      String absent = f.has(first) ? second : first;
      f.problemAt(
          present,
          present + " needs " + absent,
          "give both " + first + " and " + second + ", or neither (no test set)");
      return new String[2];
    }
    if (!f.has(first)) return new String[2];
    return new String[] {file(f, first, null), file(f, second, null)};
  }

  private ScalingSpec scaling(MapFields f) {
    double scale = f.positive("scale", 1, "e.g. scale: 255 turns bytes into [0, 1]");
    boolean standardize = f.bool("standardize", false);
    return new ScalingSpec(scale, standardize);
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
    MapFields f = new MapFields(body, path, "", SYNTHETIC_KEYS, problems);
    SpecNode kindNode = f.require("kind", "kind: blobs or kind: teacher");
    SyntheticSpec.Kind kind = kindNode == null ? null : kind(kindNode, path);
    f.require("classes", "the number of classes, e.g. classes: 10");
    int classes = f.integer("classes", 2, 2, null);
    int samples = f.integer("samples", 2000, 1, null);
    int testSamples = f.integer("test_samples", 500, 0, null);
    double noise = f.number("noise", 1.0, 0, null);
    double centreStd = f.number("centre_std", SyntheticSpec.DEFAULT_CENTRE_STD, 0, null);
    return kind == null
        ? null
        : new SyntheticSpec(kind, classes, samples, testSamples, noise, centreStd);
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
