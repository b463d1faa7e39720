package gradflow.probe;

import gradflow.data.DataLoader;
import gradflow.data.DataSplit;
import gradflow.model.Network;
import gradflow.model.NetworkBuilder;
import gradflow.spec.NetworkSpec;
import gradflow.spec.SpecReader;
import gradflow.train.Trainer;
import gradflow.train.TrainingObserver;
import gradflow.train.TrainingSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * One small network trained for real with the {@link GradientProbe} attached, and the checks'
 * verdict on it: what the integration tests assert on.
 */
record ProbedRun(
    NetworkSpec spec,
    Network network,
    RunStats run,
    TrainingSummary summary,
    List<Finding> findings) {

  /** Parses a YAML spec; {@code testdata/...} paths in it resolve against the repository root. */
  static NetworkSpec spec(String yaml) {
    return SpecReader.parse(yaml, "test.yaml", repositoryRoot());
  }

  /** Trains {@code yaml}'s network with the probe (and no other observer) and runs the checks. */
  static ProbedRun train(String yaml) {
    return train(spec(yaml));
  }

  static ProbedRun train(NetworkSpec spec) {
    DataSplit data = DataLoader.load(spec.data(), spec.inputSize(), spec.seed());
    Network network = NetworkBuilder.build(spec, DataType.FLOAT);
    GradientProbe probe = new GradientProbe(network, null);
    List<TrainingObserver> observers = new ArrayList<>(List.of(probe));
    TrainingSummary summary = new Trainer(spec, network, observers).train(data);
    RunStats run = probe.result();
    return new ProbedRun(spec, network, run, summary, Checks.run(run, spec.thresholds()));
  }

  /** Trains {@code spec}'s network with no observer at all; returns the network. */
  static Network trainUnobserved(NetworkSpec spec) {
    DataSplit data = DataLoader.load(spec.data(), spec.inputSize(), spec.seed());
    Network network = NetworkBuilder.build(spec, DataType.FLOAT);
    new Trainer(spec, network, List.of()).train(data);
    return network;
  }

  List<Finding> findings(String code) {
    return findings.stream().filter(f -> f.code().equals(code)).toList();
  }

  List<Finding> findings(String code, String layer) {
    return findings.stream().filter(f -> f.code().equals(code) && f.layer().equals(layer)).toList();
  }

  boolean has(String code) {
    return !findings(code).isEmpty();
  }

  /** Codes, severities and layers of every finding, for assertion messages. */
  String describe() {
    return findings.stream()
        .map(f -> f.code() + "/" + f.severity().label() + "@" + f.layer() + ": " + f.message())
        .collect(Collectors.joining("\n  ", "findings:\n  ", ""));
  }

  /** First-to-last signal ratio at each logged step, for messages. */
  String ratios() {
    StringBuilder s = new StringBuilder("signal ratios:");
    double[] r = SignalRatios.ratios(run);
    for (int i = 0; i < r.length; i++)
      s.append(' ').append(run.steps().get(i).step()).append('=').append(Numbers.format(r[i]));
    return s.toString();
  }

  /** The directory holding testdata/mnist-mini: the repository root, from app/ or the root. */
  static Path repositoryRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("testdata/mnist-mini"))) return dir;
    }
    throw new IllegalStateException("testdata/mnist-mini not found above " + Path.of(""));
  }
}
