package gradflow.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gradflow.model.LayerInfo;
import gradflow.probe.LayerStat;
import gradflow.probe.LayerStepStats;
import gradflow.probe.RunStats;
import gradflow.probe.Saturation;
import gradflow.probe.StepStats;
import gradflow.train.NonFiniteEvent;
import gradflow.train.TrainingSummary;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code gradflow.steps/1} lines (docs/steps-format.md) into the numbers the checks judge.
 * Every problem is a {@link StepsException} with the line number and the field.
 */
public final class StepsReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A steps file read: what produced it, the run it describes, the statistics it records, and notes
   * on what was passed over (a last line cut short by a killed run).
   */
  public record StepsRun(
      String model, String producer, RunStats run, Set<String> recorded, List<String> notes) {}

  private final String source;
  private int lineNumber;

  private StepsReader(String source) {
    this.source = source;
  }

  /** The run in {@code lines}; {@code source} names the file in messages. */
  public static StepsRun read(List<String> lines, String source) {
    return new StepsReader(source).read(lines);
  }

  private StepsRun read(List<String> lines) {
    List<JsonNode> nodes = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    int last = lastLine(lines);
    for (String line : lines) {
      lineNumber++;
      if (line.isBlank()) continue;
      try {
        nodes.add(JSON.readTree(line));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        if (lineNumber == last && lineNumber > 1) {
          // a run killed while writing leaves its last line cut: judge the whole lines before it
          notes.add(
              source
                  + ":"
                  + lineNumber
                  + " is cut short (the run was stopped while writing?);"
                  + " judged up to line "
                  + (lineNumber - 1));
          lines = lines.subList(0, lineNumber - 1);
          break;
        }
        throw error("", "not a JSON object (" + e.getOriginalMessage() + ")");
      }
      if (!nodes.get(nodes.size() - 1).isObject()) throw error("", "not a JSON object");
    }
    if (nodes.isEmpty()) throw new StepsException(source + ": empty; the first line is the header");
    lineNumber = firstLine(lines);
    JsonNode header = nodes.get(0);
    if (!StepsFormat.SCHEMA.equals(header.path("schema").asText()))
      throw error("schema", "the first line must be the header, with schema " + StepsFormat.SCHEMA);
    List<LayerInfo> layers = layers(header);
    Map<String, Integer> index = new HashMap<>();
    for (LayerInfo l : layers) index.put(l.name(), l.index() - 1);

    List<StepStats> steps = new ArrayList<>();
    Set<String> recorded = new LinkedHashSet<>();
    Map<String, long[][]> totalWins = new LinkedHashMap<>();
    Map<String, int[]> zeroCounts = new LinkedHashMap<>(); // parameter -> {zero steps, seen steps}
    TrainingSummary summary = null;
    int previous = -1;
    for (int n = 1; n < nodes.size(); n++) {
      lineNumber = lineOf(lines, n);
      JsonNode node = nodes.get(n);
      if (node.has("end")) {
        if (n != nodes.size() - 1) throw error("end", "the footer must be the last line");
        summary = footer(node.get("end"), previous);
        recorded.add("end");
        continue;
      }
      int step = integer(node, "step");
      if (step <= previous)
        throw error("step", "steps must increase, found " + step + " after " + previous);
      previous = step;
      steps.add(step(node, step, layers, index, recorded, totalWins, zeroCounts));
    }
    if (summary == null)
      summary =
          new TrainingSummary(previous + 1, null, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    List<String> zero = new ArrayList<>();
    zeroCounts.forEach(
        (p, c) -> {
          if (c[1] > 0 && c[0] == c[1] && c[1] == steps.size()) zero.add(p);
        });
    RunStats run = new RunStats(layers, steps, totalWins, zero, summary);
    String producer =
        header.path("producer").path("name").asText("unknown")
            + " "
            + header.path("producer").path("version").asText("");
    return new StepsRun(
        header.path("model").asText("model"), producer.trim(), run, recorded, notes);
  }

  private List<LayerInfo> layers(JsonNode header) {
    JsonNode list = header.get("layers");
    if (list == null || !list.isArray() || list.isEmpty())
      throw error("layers", "the header must list the layers, input side first");
    List<LayerInfo> layers = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode l = list.get(i);
      String where = "layers[" + i + "]";
      String name = text(l, "name", where);
      if (!names.add(name)) throw error(where + ".name", "'" + name + "' is listed twice");
      int units = l.has("units") && l.get("units").canConvertToInt() ? l.get("units").asInt() : 0;
      int k = l.has("k") ? l.get("k").asInt(1) : 1;
      double alpha =
          l.has("alpha") && l.get("alpha").isNumber() ? l.get("alpha").asDouble() : Double.NaN;
      layers.add(
          new LayerInfo(
              i + 1,
              name,
              l.path("type").asText("layer"),
              l.path("activation").asText(""),
              units,
              k,
              alpha));
    }
    return layers;
  }

  private StepStats step(
      JsonNode node,
      int step,
      List<LayerInfo> layers,
      Map<String, Integer> index,
      Set<String> recorded,
      Map<String, long[][]> totalWins,
      Map<String, int[]> zeroCounts) {
    LayerStepStats[] byLayer = new LayerStepStats[layers.size()];
    JsonNode list = node.path("layers");
    for (int i = 0; i < list.size(); i++) {
      JsonNode l = list.get(i);
      String where = "layers[" + i + "]";
      String name = text(l, "name", where);
      Integer at = index.get(name);
      if (at == null) throw error(where + ".name", "'" + name + "' is not a layer of the header");
      Map<LayerStat, Double> values = new EnumMap<>(LayerStat.class);
      for (LayerStat stat : LayerStat.values()) {
        JsonNode v = l.get(stat.key());
        if (v == null || v.isNull()) continue;
        if (!v.isNumber()) throw error(where + "." + stat.key(), "must be a number, found " + v);
        values.put(stat, v.asDouble());
        recorded.add(stat.key());
      }
      double[] saturation = doubles(l.get("saturation_shares"), where + ".saturation_shares");
      if (saturation == null && values.containsKey(LayerStat.SATURATED_FRACTION)) {
        // only the default level recorded: judged there, silent at any other threshold
        saturation = new double[Saturation.LEVELS.length];
        java.util.Arrays.fill(saturation, Double.NaN);
        saturation[Saturation.REFERENCE] = values.get(LayerStat.SATURATED_FRACTION);
      } else if (saturation != null) {
        if (saturation.length != Saturation.LEVELS.length)
          throw error(
              where + ".saturation_shares",
              "must have " + Saturation.LEVELS.length + " shares, one per level");
        recorded.add("saturation_shares");
      }
      long[][] wins = wins(l.get("piece_win_count"), where, layers.get(at));
      if (wins != null) {
        recorded.add("piece_win_count");
        long[][] total =
            totalWins.computeIfAbsent(name, x -> new long[wins.length][wins[0].length]);
        for (int u = 0; u < wins.length; u++)
          for (int j = 0; j < wins[u].length; j++) total[u][j] += wins[u][j];
      }
      Map<String, Map<LayerStat, Double>> params = new LinkedHashMap<>();
      JsonNode p = l.get("parameters");
      if (p != null && p.isObject()) {
        recorded.add("parameters");
        p.fields()
            .forEachRemaining(
                e -> {
                  Map<LayerStat, Double> pv = new EnumMap<>(LayerStat.class);
                  for (LayerStat stat : LayerStat.values()) {
                    JsonNode v = e.getValue().get(stat.key());
                    if (v != null && v.isNumber()) pv.put(stat, v.asDouble());
                  }
                  params.put(e.getKey(), pv);
                  Double g = pv.get(LayerStat.MEAN_ABS_GRAD);
                  if (g != null) {
                    int[] c = zeroCounts.computeIfAbsent(name + "." + e.getKey(), x -> new int[2]);
                    c[1]++;
                    if (g == 0) c[0]++;
                  }
                });
      }
      byLayer[at] = new LayerStepStats(name, values, params, saturation, wins);
    }
    List<LayerStepStats> all = new ArrayList<>();
    for (int i = 0; i < byLayer.length; i++)
      all.add(
          byLayer[i] != null
              ? byLayer[i]
              : new LayerStepStats(layers.get(i).name(), Map.of(), Map.of(), null, null));
    return new StepStats(step, number(node, "loss"), number(node, "accuracy"), all);
  }

  private long[][] wins(JsonNode v, String where, LayerInfo layer) {
    if (v == null || v.isNull()) return null;
    String field = where + ".piece_win_count";
    if (!v.isArray() || v.size() != layer.units())
      throw error(field, "must be [units][k] counts: " + layer.units() + " rows");
    long[][] wins = new long[v.size()][];
    for (int u = 0; u < v.size(); u++) {
      JsonNode row = v.get(u);
      if (!row.isArray() || row.size() != layer.pieces())
        throw error(field + "[" + u + "]", "must have k = " + layer.pieces() + " counts");
      wins[u] = new long[row.size()];
      for (int j = 0; j < row.size(); j++) wins[u][j] = row.get(j).asLong();
    }
    return wins;
  }

  private TrainingSummary footer(JsonNode end, int lastStep) {
    int stepsRun = end.has("steps_run") ? end.get("steps_run").asInt() : lastStep + 1;
    NonFiniteEvent nonFinite = null;
    JsonNode nf = end.get("non_finite");
    if (nf != null && !nf.isNull())
      nonFinite =
          new NonFiniteEvent(
              integer(nf, "step"),
              text(nf, "layer", "end.non_finite"),
              text(nf, "where", "end.non_finite"));
    double testAccuracy =
        end.path("test_accuracy").isNumber() ? end.get("test_accuracy").asDouble() : Double.NaN;
    return new TrainingSummary(
        stepsRun,
        nonFinite,
        testAccuracy,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        end.path("interrupted").asBoolean(false));
  }

  private double[] doubles(JsonNode v, String field) {
    if (v == null || v.isNull()) return null;
    if (!v.isArray()) throw error(field, "must be a list of numbers");
    double[] d = new double[v.size()];
    for (int i = 0; i < d.length; i++)
      d[i] = v.get(i).isNumber() ? v.get(i).asDouble() : Double.NaN;
    return d;
  }

  private int integer(JsonNode node, String key) {
    JsonNode v = node.get(key);
    if (v == null || !v.canConvertToInt() || !v.isIntegralNumber())
      throw error(key, "must be a whole number, found " + (v == null ? "nothing" : v));
    return v.asInt();
  }

  private double number(JsonNode node, String key) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) return Double.NaN;
    if (!v.isNumber()) throw error(key, "must be a number, found " + v);
    return v.asDouble();
  }

  private String text(JsonNode node, String key, String where) {
    JsonNode v = node.get(key);
    if (v == null || !v.isTextual() || v.asText().isEmpty())
      throw error(where + "." + key, "must be a name, found " + (v == null ? "nothing" : v));
    return v.asText();
  }

  private static int lastLine(List<String> lines) {
    for (int i = lines.size() - 1; i >= 0; i--) if (!lines.get(i).isBlank()) return i + 1;
    return 0;
  }

  private static int firstLine(List<String> lines) {
    for (int i = 0; i < lines.size(); i++) if (!lines.get(i).isBlank()) return i + 1;
    return 1;
  }

  /** The 1-based line number of the {@code n}-th non-blank line (0-based). */
  private static int lineOf(List<String> lines, int n) {
    int seen = -1;
    for (int i = 0; i < lines.size(); i++) if (!lines.get(i).isBlank() && ++seen == n) return i + 1;
    return lines.size();
  }

  private StepsException error(String field, String message) {
    return new StepsException(
        source + ":" + lineNumber + ": " + (field.isEmpty() ? "" : field + ": ") + message);
  }
}
