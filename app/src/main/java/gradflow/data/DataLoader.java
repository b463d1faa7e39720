package gradflow.data;

import gradflow.spec.CsvSpec;
import gradflow.spec.DataSpec;
import gradflow.spec.DenseSpec;
import gradflow.spec.IdxSpec;
import gradflow.spec.LayerSpec;
import gradflow.spec.MnistSpec;
import gradflow.spec.NetworkSpec;
import gradflow.spec.NpySpec;
import gradflow.spec.SyntheticSpec;
import java.util.List;

/** Loads or generates the data a spec names: the one entry point the trainer and CLI use. */
public final class DataLoader {
  private DataLoader() {}

  /**
   * Loads {@code spec}'s data for a network with {@code features} inputs. MNIST ignores the seed
   * (the files fix the data); synthetic sets are fully determined by it, as is a CSV {@code
   * test_fraction} split. File data must have {@code features} values per example; its classes are
   * those its labels imply (see {@link #load(NetworkSpec)} for the check against the network).
   */
  public static DataSplit load(DataSpec spec, int features, long seed) {
    return load(spec, List.of(features), -1, seed);
  }

  /**
   * Loads {@code spec}'s data, checking file data against the spec's {@code input} shape and the
   * classes its labels imply against the last layer's units.
   */
  public static DataSplit load(NetworkSpec spec) {
    List<LayerSpec> layers = spec.layers();
    int units = layers.get(layers.size() - 1) instanceof DenseSpec d ? d.units() : -1;
    return load(spec.data(), spec.input(), units, spec.seed());
  }

  private static DataSplit load(DataSpec spec, List<Integer> input, int units, long seed) {
    int features = 1;
    for (int d : input) features = Math.multiplyExact(features, d);
    if (spec instanceof MnistSpec mnist) {
      if (features != MnistLoader.PIXELS) {
        throw new DataException(
            String.format(
                "MNIST images have %d features (28x28) but the network's input has %d;"
                    + " set input: [784] or [1, 28, 28]",
                MnistLoader.PIXELS, features));
      }
      return MnistLoader.load(mnist);
    }
    if (spec instanceof SyntheticSpec synthetic) {
      return SyntheticData.generate(synthetic, features, seed);
    }
    FileSets sets;
    if (spec instanceof NpySpec npy) {
      sets = NpyLoader.load(npy, input);
      Scaling.apply(npy.scaling(), sets.train(), sets.test());
    } else if (spec instanceof CsvSpec csv) {
      sets = CsvLoader.load(csv, input, seed);
      Scaling.apply(csv.scaling(), sets.train(), sets.test());
    } else {
      IdxSpec idx = (IdxSpec) spec;
      sets = IdxLoader.load(idx, input);
      Scaling.apply(idx.scaling(), sets.train(), sets.test());
    }
    return split(sets, units);
  }

  private static DataSplit split(FileSets sets, int units) {
    int classes = sets.classes();
    if (classes < 2) {
      throw new DataException(
          String.format(
              "%s: the labels hold %s, but classification needs at least 2 classes"
                  + " (labels 0 and 1)",
              sets.labelFile(), classes == 1 ? "only class 0" : "no classes"));
    }
    if (units > 0 && classes != units) {
      throw new DataException(
          String.format(
              "%s: the labels imply %d classes (0 to %d), but the last layer has %d units;"
                  + " set its units: %d",
              sets.labelFile(), classes, classes - 1, units, classes));
    }
    Dataset train = FileData.dataset(sets.train(), classes);
    Dataset test = sets.test() == null ? null : FileData.dataset(sets.test(), classes);
    return new DataSplit(train, test);
  }
}
