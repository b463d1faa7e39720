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
 *   <li>{@code throughput [RUNS]}: in one JVM, warms the nets up, then times RUNS interleaved
 *       on/off runs of each and prints one {@code RATE} line per run.
 *   <li>{@code table FILE}: the medians of the {@code SAMPLE} and {@code RATE} lines collected in
 *       FILE, gradflow's and those of {@code scripts/bench-pytorch.py} (which prints the same
 *       lines), side by side with the ratio gradflow/PyTorch.
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
    gradflow.app.NativeMemory.configure(); // as gradflow itself runs
    String mode = args.length > 0 ? args[0] : "throughput";
    switch (mode) {
      case "single" ->
          single(
              Net.valueOf(args[1].toUpperCase(Locale.ROOT)),
              args[2].equals("on"),
              Integer.parseInt(args[3]));
      case "throughput" -> throughput(args.length > 1 ? Integer.parseInt(args[1]) : 5);
      case "table" -> table(Path.of(args[1]));
      default ->
          throw new IllegalArgumentException(
              "unknown mode " + mode + "; use single, throughput or table");
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
        "SAMPLE impl=gradflow net=%s probe=%s first_step_s=%.3f ex_per_s=%.1f vmhwm_mib=%.1f heap_peak_mib=%.1f%n",
        net.label(),
        measured ? "on" : "off",
        s.firstStepSeconds(),
        (double) s.stepsRun() * net.batch / s.trainSeconds(),
        vmHwmKib() / 1024.0,
        heapPeakBytes() / 1048576.0);
  }

  private static void throughput(int runs) {
    DataSplit data = loadData();
    for (Net net : Net.values())
      for (boolean measured : new boolean[] {false, true})
        train(net, measured, net.warmupSteps, data);
    for (int r = 0; r < runs; r++) {
      for (Net net : Net.values()) {
        // alternate which configuration goes first so drift does not favour one
        boolean[] order = r % 2 == 0 ? new boolean[] {false, true} : new boolean[] {true, false};
        for (boolean measured : order) {
          TrainingSummary s = train(net, measured, net.timedSteps, data);
          System.out.printf(
              Locale.ROOT,
              "RATE impl=gradflow net=%s probe=%s ex_per_s=%.1f%n",
              net.label(),
              measured ? "on" : "off",
              (double) s.stepsRun() * net.batch / s.trainSeconds());
        }
      }
    }
  }

  /**
   * The side-by-side table of the SAMPLE (fresh process) and RATE (throughput) lines of both
   * implementations in {@code file}: medians per net and mode, gradflow's measurement overhead and
   * the ratio gradflow/PyTorch. PyTorch's "on" records mean |g| per parameter every step.
   */
  private static void table(Path file) throws IOException {
    Map<String, List<Map<String, String>>> lines = readLines(file);
    boolean withTorch = lines.keySet().stream().anyMatch(k -> k.startsWith("pytorch/"));
    System.out.printf(
        Locale.ROOT,
        "%-8s %-5s %12s %9s %12s %7s %15s %15s %11s%n",
        "net",
        "probe",
        "gradflow",
        "overhead",
        "pytorch",
        "ratio",
        "first_step_s",
        "VmHWM_MiB",
        "heap_MiB");
    for (Net net : Net.values()) {
      double off = median(lines, "gradflow", "RATE", net, false, "ex_per_s");
      for (boolean measured : new boolean[] {false, true}) {
        double gf = median(lines, "gradflow", "RATE", net, measured, "ex_per_s");
        double pt = median(lines, "pytorch", "RATE", net, measured, "ex_per_s");
        System.out.printf(
            Locale.ROOT,
            "%-8s %-5s %12s %9s %12s %7s %15s %15s %11s%n",
            net.label(),
            measured ? "on" : "off",
            format("%.0f", gf),
            measured ? format("%.1f%%", 100 * (off - gf) / off) : "-",
            withTorch ? format("%.0f", pt) : "-",
            withTorch ? format("%.2f", gf / pt) : "-",
            pair(lines, net, measured, "first_step_s", "%.2f", withTorch),
            pair(lines, net, measured, "vmhwm_mib", "%.0f", withTorch),
            format("%.0f", median(lines, "gradflow", "SAMPLE", net, measured, "heap_peak_mib")));
      }
    }
    System.out.printf(
        Locale.ROOT,
        "ex/s: median of %d interleaved runs of %s steps; first_step_s and VmHWM: gradflow/pytorch,"
            + " median of %d fresh processes;%n",
        count(lines, "gradflow/RATE/classic/on"),
        Arrays.toString(Arrays.stream(Net.values()).mapToInt(n -> n.timedSteps).toArray()),
        count(lines, "gradflow/SAMPLE/classic/on"));
    System.out.println(
        "ratio: gradflow/pytorch; pytorch 'on' records mean |g| per parameter every step,"
            + " gradflow 'on' every measurement (log_every "
            + LOG_EVERY
            + ")");
  }

  private static String pair(
      Map<String, List<Map<String, String>>> lines,
      Net net,
      boolean measured,
      String field,
      String format,
      boolean withTorch) {
    String gf = format(format, median(lines, "gradflow", "SAMPLE", net, measured, field));
    if (!withTorch) return gf;
    return gf + "/" + format(format, median(lines, "pytorch", "SAMPLE", net, measured, field));
  }

  private static String format(String format, double value) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, format, value);
  }

  private static int count(Map<String, List<Map<String, String>>> lines, String key) {
    return lines.getOrDefault(key, List.of()).size();
  }

  /** SAMPLE and RATE lines by "impl/kind/net/probe", each as its key=value fields. */
  private static Map<String, List<Map<String, String>>> readLines(Path file) throws IOException {
    Map<String, List<Map<String, String>>> out = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      String[] parts = line.trim().split("\\s+");
      if (!parts[0].equals("SAMPLE") && !parts[0].equals("RATE")) continue;
      Map<String, String> kv = new LinkedHashMap<>();
      for (int i = 1; i < parts.length; i++) {
        int eq = parts[i].indexOf('=');
        if (eq > 0) kv.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
      }
      String key =
          String.join(
              "/", kv.getOrDefault("impl", "gradflow"), parts[0], kv.get("net"), kv.get("probe"));
      out.computeIfAbsent(key, k -> new ArrayList<>()).add(kv);
    }
    return out;
  }

  /** Median of one field over the matching lines; NaN when there are none (or it reads n/a). */
  private static double median(
      Map<String, List<Map<String, String>>> lines,
      String impl,
      String kind,
      Net net,
      boolean measured,
      String field) {
    List<Double> values = new ArrayList<>();
    String key = impl + "/" + kind + "/" + net.label() + "/" + (measured ? "on" : "off");
    for (Map<String, String> kv : lines.getOrDefault(key, List.of())) {
      String v = kv.get(field);
      if (v != null && !v.equals("n/a")) values.add(Double.parseDouble(v));
    }
    return values.isEmpty() ? Double.NaN : median(values);
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
