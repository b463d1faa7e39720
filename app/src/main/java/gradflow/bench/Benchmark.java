package gradflow.bench;

import gradflow.data.DataSplit;
import gradflow.data.MnistLoader;
import gradflow.model.Network;
import gradflow.model.NetworkBuilder;
import gradflow.probe.GradientProbe;
import gradflow.spec.ActivationKind;
import gradflow.spec.ActivationSpec;
import gradflow.spec.Conv2dSpec;
import gradflow.spec.DenseSpec;
import gradflow.spec.InitSpec;
import gradflow.spec.LayerSpec;
import gradflow.spec.LossKind;
import gradflow.spec.MaxPool2dSpec;
import gradflow.spec.MnistSpec;
import gradflow.spec.NetworkSpec;
import gradflow.spec.OptimizerSpec;
import gradflow.spec.PaddingSpec;
import gradflow.spec.Thresholds;
import gradflow.spec.TrainSpec;
import gradflow.train.Trainer;
import gradflow.train.TrainingObserver;
import gradflow.train.TrainingSummary;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Training throughput, start-up latency and peak memory of two reference nets, with all gradient
 * measurements on (a {@link GradientProbe} logging every step) and off (no observers). A program
 * that prints figures, not a test; {@code scripts/bench.sh} drives it.
 *
 * <p>Modes:
 *
 * <ul>
 *   <li>{@code single NET on|off STEPS}: meant for a fresh JVM. Loads the data, trains STEPS steps
 *       and prints one {@code SAMPLE} line: seconds from process start to the end of the first
 *       step, VmHWM and the peak heap used.
 *   <li>{@code throughput [RUNS] [SAMPLES_FILE]}: in one JVM, warms both nets up, then times RUNS
 *       interleaved on/off runs of each and prints medians; with SAMPLES_FILE (the collected {@code
 *       SAMPLE} lines) it adds the start-up and memory columns to the table.
 * </ul>
 *
 * System property {@code gradflow.bench.data} points at the MNIST directory (default
 * testdata/mnist-mini, 6000 training images); {@code gradflow.bench.logEvery} sets how often the
 * probe measures (default 1, every step).
 */
public final class Benchmark {
  private static final String DATA =
      System.getProperty("gradflow.bench.data", "testdata/mnist-mini");

  /** Measure every step (the worst case, the default) or every N with -Dgradflow.bench.logEvery. */
  private static final int LOG_EVERY = Integer.getInteger("gradflow.bench.logEvery", 1);

  /** A reference net and the step counts of one timed run. */
  private enum Net {
    CLASSIC(100, 300, 100),
    WIDE(128, 40, 15),
    CONV(64, 40, 10);

    final int batch;
    final int timedSteps;
    final int warmupSteps;

    Net(int batch, int timedSteps, int warmupSteps) {
      this.batch = batch;
      this.timedSteps = timedSteps;
      this.warmupSteps = warmupSteps;
    }

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    NetworkSpec spec(int steps) {
      List<LayerSpec> layers = new ArrayList<>();
      InitSpec zeros = new InitSpec.Zeros();
      InitSpec xavier = new InitSpec.Scaled(InitSpec.Scheme.XAVIER_UNIFORM);
      InitSpec he = new InitSpec.Scaled(InitSpec.Scheme.HE_UNIFORM);
      ActivationSpec relu = ActivationSpec.of(ActivationKind.RELU);
      if (this == CLASSIC) {
        for (int i = 0; i < 5; i++)
          layers.add(
              new DenseSpec(10, ActivationSpec.of(ActivationKind.SIGMOID), xavier, zeros, true));
      } else if (this == CONV) {
        // MNIST [1,28,28] -> conv 16x3x3 relu -> maxpool 2 -> conv 32x3x3 relu -> maxpool 2
        layers.add(new Conv2dSpec(16, 3, 3, 1, 1, PaddingSpec.VALID, relu, he, zeros, true));
        layers.add(new MaxPool2dSpec(2, 2, 2, 2));
        layers.add(new Conv2dSpec(32, 3, 3, 1, 1, PaddingSpec.VALID, relu, he, zeros, true));
        layers.add(new MaxPool2dSpec(2, 2, 2, 2));
      } else {
        for (int i = 0; i < 3; i++) layers.add(new DenseSpec(1024, relu, he, zeros, true));
      }
      layers.add(new DenseSpec(10, ActivationSpec.of(ActivationKind.LINEAR), xavier, zeros, true));
      return new NetworkSpec(
          "bench-" + label(),
          42,
          this == CONV ? List.of(1, 28, 28) : List.of(784),
          new MnistSpec(DATA, 0, 0, 0),
          layers,
          LossKind.CROSS_ENTROPY,
          OptimizerSpec.adam(0.001),
          new TrainSpec(steps, batch, LOG_EVERY),
          Thresholds.defaults(),
          "<bench>");
    }
  }

  private Benchmark() {}

  public static void main(String[] args) throws IOException {
    String mode = args.length > 0 ? args[0] : "throughput";
    switch (mode) {
      case "single" ->
          single(
              Net.valueOf(args[1].toUpperCase(Locale.ROOT)),
              args[2].equals("on"),
              Integer.parseInt(args[3]));
      case "throughput" ->
          throughput(
              args.length > 1 ? Integer.parseInt(args[1]) : 5,
              args.length > 2 ? Path.of(args[2]) : null);
      default ->
          throw new IllegalArgumentException("unknown mode " + mode + "; use single or throughput");
    }
  }

  /** Training data only: the benchmark measures training, so no test set is evaluated. */
  private static DataSplit loadData() {
    return new DataSplit(MnistLoader.load(new MnistSpec(DATA, 0, 0, 0)).train(), null);
  }

  /** Trains {@code steps} steps of a fresh network; returns the summary. */
  private static TrainingSummary train(Net net, boolean measured, int steps, DataSplit data) {
    NetworkSpec spec = net.spec(steps);
    Network network = NetworkBuilder.build(spec, DataType.FLOAT);
    List<TrainingObserver> observers =
        measured ? List.of(new GradientProbe(network, null)) : List.of();
    return new Trainer(spec, network, observers).train(data);
  }

  private static void single(Net net, boolean measured, int steps) {
    DataSplit data = loadData();
    TrainingSummary s = train(net, measured, steps, data);
    System.out.printf(
        Locale.ROOT,
        "SAMPLE net=%s probe=%s first_step_s=%.3f ex_per_s=%.1f vmhwm_mib=%.1f heap_peak_mib=%.1f%n",
        net.label(),
        measured ? "on" : "off",
        s.firstStepSeconds(),
        (double) s.stepsRun() * net.batch / s.trainSeconds(),
        vmHwmKib() / 1024.0,
        heapPeakBytes() / 1048576.0);
  }

  private static void throughput(int runs, Path samplesFile) throws IOException {
    DataSplit data = loadData();
    Map<String, List<Double>> rates = new LinkedHashMap<>();
    for (Net net : Net.values()) {
      for (boolean measured : new boolean[] {false, true})
        train(net, measured, net.warmupSteps, data);
      for (boolean measured : new boolean[] {false, true})
        rates.put(key(net, measured), new ArrayList<>());
    }
    for (int r = 0; r < runs; r++) {
      for (Net net : Net.values()) {
        // alternate which configuration goes first so drift does not favour one
        boolean[] order = r % 2 == 0 ? new boolean[] {false, true} : new boolean[] {true, false};
        for (boolean measured : order) {
          TrainingSummary s = train(net, measured, net.timedSteps, data);
          double rate = (double) s.stepsRun() * net.batch / s.trainSeconds();
          rates.get(key(net, measured)).add(rate);
          System.out.printf(Locale.ROOT, "run %d %-12s %10.1f ex/s%n", r, key(net, measured), rate);
        }
      }
    }
    Map<String, List<String[]>> samples = readSamples(samplesFile);
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "%-8s %-5s %12s %10s %14s %11s %13s%n",
        "net",
        "probe",
        "ex/s(median)",
        "overhead",
        "first_step_s",
        "VmHWM_MiB",
        "heap_peak_MiB");
    for (Net net : Net.values()) {
      double off = median(rates.get(key(net, false)));
      for (boolean measured : new boolean[] {false, true}) {
        double rate = median(rates.get(key(net, measured)));
        List<String[]> s = samples.getOrDefault(key(net, measured), List.of());
        System.out.printf(
            Locale.ROOT,
            "%-8s %-5s %12.1f %10s %14s %11s %13s%n",
            net.label(),
            measured ? "on" : "off",
            rate,
            measured ? String.format(Locale.ROOT, "%.1f%%", 100 * (off - rate) / off) : "-",
            medianField(s, 0, "%.3f"),
            medianField(s, 1, "%.1f"),
            medianField(s, 2, "%.1f"));
      }
    }
    System.out.printf(
        Locale.ROOT,
        "(%d timed runs per row, %s steps; first_step_s/VmHWM/heap: median of %s fresh JVMs)%n",
        runs,
        Arrays.toString(Arrays.stream(Net.values()).mapToInt(n -> n.timedSteps).toArray()),
        samples.isEmpty() ? "0" : String.valueOf(samples.values().iterator().next().size()));
  }

  private static String key(Net net, boolean measured) {
    return net.label() + "/" + (measured ? "on" : "off");
  }

  /** SAMPLE lines by "net/probe": {first_step_s, vmhwm_mib, heap_peak_mib}. */
  private static Map<String, List<String[]>> readSamples(Path file) throws IOException {
    Map<String, List<String[]>> out = new LinkedHashMap<>();
    if (file == null) return out;
    for (String line : Files.readAllLines(file)) {
      if (!line.startsWith("SAMPLE ")) continue;
      Map<String, String> kv = new LinkedHashMap<>();
      for (String part : line.substring(7).trim().split("\\s+")) {
        int eq = part.indexOf('=');
        kv.put(part.substring(0, eq), part.substring(eq + 1));
      }
      out.computeIfAbsent(kv.get("net") + "/" + kv.get("probe"), k -> new ArrayList<>())
          .add(new String[] {kv.get("first_step_s"), kv.get("vmhwm_mib"), kv.get("heap_peak_mib")});
    }
    return out;
  }

  private static String medianField(List<String[]> samples, int field, String format) {
    if (samples.isEmpty()) return "n/a";
    List<Double> values = new ArrayList<>();
    for (String[] s : samples) values.add(Double.parseDouble(s[field]));
    return String.format(Locale.ROOT, format, median(values));
  }

  private static double median(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  /** Peak resident set size of this process, from /proc/self/status; -1 where unavailable. */
  static long vmHwmKib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status")))
        if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /** Sum of the heap pools' peak usage since JVM start. */
  static long heapPeakBytes() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans())
      if (pool.getType() == MemoryType.HEAP) sum += pool.getPeakUsage().getUsed();
    return sum;
  }
}
