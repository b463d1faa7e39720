package gradflow.model;

import gradflow.layers.Activations;
import gradflow.layers.Dense;
import gradflow.layers.Layer;
import gradflow.layers.Maxout;
import gradflow.spec.DenseSpec;
import gradflow.spec.InitSpec;
import gradflow.spec.LayerSpec;
import gradflow.spec.MaxoutSpec;
import gradflow.spec.NetworkSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Builds a {@link Network} from a spec: names layers "{type}_{index}" (1-based, input side first),
 * lays all parameters out in one flat buffer and initialises them from the spec's seed. Maxout
 * fans are per piece: fan_in = inputs, fan_out = units.
 */
public final class NetworkBuilder {
  private NetworkBuilder() {}

  public static Network build(NetworkSpec spec, DataType dataType) {
    List<ParamPlan> plans = new ArrayList<>();
    List<LayerInfo> infos = new ArrayList<>();
    int in = spec.inputSize();
    int index = 1;
    for (LayerSpec layer : spec.layers()) {
      String name = layer.type() + "_" + index;
      if (layer instanceof DenseSpec d) {
          plans.add(new ParamPlan(name + ".W", new long[] {in, d.units()}, d.init(), in, d.units()));
          if (d.bias()) plans.add(new ParamPlan(name + ".b", new long[] {d.units()}, d.biasInit(), in, d.units()));
          infos.add(new LayerInfo(index, name, "dense", d.activation().specName(), d.units(), 1));
          in = d.units();
      } else if (layer instanceof MaxoutSpec m) {
          int cols = m.units() * m.k();
          plans.add(new ParamPlan(name + ".W", new long[] {in, cols}, m.init(), in, m.units()));
          plans.add(new ParamPlan(name + ".b", new long[] {cols}, m.biasInit(), in, m.units()));
          infos.add(new LayerInfo(index, name, "maxout", "", m.units(), m.k()));
          in = m.units();
      } else {
        throw new IllegalArgumentException("not supported yet: " + layer.type());
      }
      index++;
    }

    long total = plans.stream().mapToLong(ParamPlan::length).sum();
    double[] values = new double[Math.toIntExact(total)];
    SplittableRandom rng = new SplittableRandom(spec.seed());
    int offset = 0;
    for (ParamPlan p : plans) {
      double[] v = Initializer.values(p.init(), (int) p.length(), p.fanIn(), p.fanOut(), rng.split());
      System.arraycopy(v, 0, values, offset, v.length);
      offset += v.length;
    }
    INDArray flatParams = Nd4j.createFromArray(values).castTo(dataType).reshape(1, total);
    INDArray flatGrads = Nd4j.zeros(dataType, 1, total);

    Map<String, INDArray> params = new LinkedHashMap<>();
    Map<String, INDArray> grads = new LinkedHashMap<>();
    offset = 0;
    for (ParamPlan p : plans) {
      params.put(p.name(), view(flatParams, offset, p.shape()));
      grads.put(p.name(), view(flatGrads, offset, p.shape()));
      offset += (int) p.length();
    }

    List<Layer> layers = new ArrayList<>();
    for (int i = 0; i < spec.layers().size(); i++) {
      LayerSpec layer = spec.layers().get(i);
      String name = infos.get(i).name();
      if (layer instanceof DenseSpec d) {
        layers.add(new Dense(name, params.get(name + ".W"), params.get(name + ".b"), Activations.of(d.activation())));
      } else if (layer instanceof MaxoutSpec m) {
        layers.add(new Maxout(name, params.get(name + ".W"), params.get(name + ".b"), m.units(), m.k()));
      }
    }
    return new Network(layers, infos, flatParams, flatGrads, params, grads);
  }

  private static INDArray view(INDArray flat, long offset, long[] shape) {
    long length = 1;
    for (long d : shape) length *= d;
    return flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(offset, offset + length)).reshape('c', shape);
  }

  private record ParamPlan(String name, long[] shape, InitSpec init, int fanIn, int fanOut) {
    long length() {
      long n = 1;
      for (long d : shape) n *= d;
      return n;
    }
  }
}
