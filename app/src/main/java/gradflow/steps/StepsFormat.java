package gradflow.steps;

import gradflow.app.Version;
import gradflow.model.LayerInfo;
import gradflow.model.Network;
import gradflow.probe.LayerStat;
import gradflow.probe.LayerStepStats;
import gradflow.probe.StepStats;
import gradflow.text.Resources;
import gradflow.train.TrainingSummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The lines of {@code gradflow.steps/1} (docs/steps-format.md) as gradflow writes them: a header
 * describing the layers, one line per logged step, a footer. {@link StepsReader} reads them back,
 * from gradflow or any other producer.
 */
public final class StepsFormat {
  public static final String SCHEMA = "gradflow.steps/1";

  private StepsFormat() {}

  /** The JSON Schema of one line (header, step or footer), from the classpath. */
  public static String schema() {
    return Resources.text("/gradflow/steps.schema.json");
  }

  /** The header: producer, model name and every layer with its parameters' names and shapes. */
  public static Map<String, Object> header(String model, Network network) {
    List<Map<String, Object>> layers = new ArrayList<>();
    for (LayerInfo info : network.infos()) {
      Map<String, Object> layer = new LinkedHashMap<>();
      layer.put("name", info.name());
      layer.put("type", info.type());
      if (!info.activation().isEmpty()) layer.put("activation", info.activation());
      if (Double.isFinite(info.alpha())) layer.put("alpha", info.alpha());
      layer.put("units", info.units());
      if (info.pieces() > 1) layer.put("k", info.pieces());
      List<Map<String, Object>> params = new ArrayList<>();
      String prefix = info.name() + ".";
      for (Map.Entry<String, INDArray> p : network.parameters().entrySet()) {
        String rest = p.getKey().startsWith(prefix) ? p.getKey().substring(prefix.length()) : null;
        if (rest == null || rest.contains(".")) continue; // an inner layer's, under its own name
        Map<String, Object> param = new LinkedHashMap<>();
        param.put("name", rest);
        param.put("shape", p.getValue().shape());
        params.add(param);
      }
      if (!params.isEmpty()) layer.put("parameters", params);
      layers.add(layer);
    }
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("schema", SCHEMA);
    Map<String, Object> producer = new LinkedHashMap<>();
    producer.put("name", "gradflow");
    producer.put("version", Version.VALUE);
    header.put("producer", producer);
    header.put("model", model);
    header.put("layers", layers);
    return header;
  }

  /** One logged step: the report's step entry plus what re-judging needs. */
  public static Map<String, Object> step(StepStats s) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("step", s.step());
    line.put("loss", finite(s.loss()));
    line.put("accuracy", finite(s.accuracy()));
    List<Map<String, Object>> layers = new ArrayList<>();
    for (LayerStepStats l : s.layers()) {
      Map<String, Object> layer = new LinkedHashMap<>();
      layer.put("name", l.layer());
      for (LayerStat stat : LayerStat.values()) layer.put(stat.key(), finite(l.get(stat)));
      if (l.pieceWins() != null) layer.put("piece_win_count", l.pieceWins());
      if (l.saturation() != null) layer.put("saturation_shares", finiteAll(l.saturation()));
      if (!l.parameters().isEmpty()) {
        Map<String, Object> params = new LinkedHashMap<>();
        l.parameters()
            .forEach(
                (name, values) -> {
                  Map<String, Object> p = new LinkedHashMap<>();
                  values.forEach((stat, v) -> p.put(stat.key(), finite(v)));
                  params.put(name, p);
                });
        layer.put("parameters", params);
      }
      layers.add(layer);
    }
    line.put("layers", layers);
    return line;
  }

  /** The footer: how the run ended. */
  public static Map<String, Object> footer(TrainingSummary s) {
    Map<String, Object> end = new LinkedHashMap<>();
    end.put("steps_run", s.stepsRun());
    end.put("interrupted", s.interrupted());
    end.put("test_accuracy", finite(s.testAccuracy()));
    Map<String, Object> nonFinite = null;
    if (s.nonFinite() != null) {
      nonFinite = new LinkedHashMap<>();
      nonFinite.put("step", s.nonFinite().step());
      nonFinite.put("layer", s.nonFinite().layer());
      nonFinite.put("where", s.nonFinite().where());
    }
    end.put("non_finite", nonFinite);
    Map<String, Object> footer = new LinkedHashMap<>();
    footer.put("end", end);
    return footer;
  }

  private static Double finite(Double x) {
    return x != null && Double.isFinite(x) ? x : null;
  }

  private static List<Double> finiteAll(double[] values) {
    List<Double> list = new ArrayList<>();
    for (double v : values) list.add(finite(v));
    return list;
  }
}
