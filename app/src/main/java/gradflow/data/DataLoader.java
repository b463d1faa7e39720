package gradflow.data;

import gradflow.spec.DataSpec;
import gradflow.spec.MnistSpec;
import gradflow.spec.SyntheticSpec;

/** Loads or generates the data a spec names: the one entry point the trainer and CLI use. */
public final class DataLoader {
  private DataLoader() {}

  /**
   * Loads {@code spec}'s data for a network with {@code features} inputs. MNIST ignores the seed
   * (the files fix the data); synthetic sets are fully determined by it.
   */
  public static DataSplit load(DataSpec spec, int features, long seed) {
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
    throw new IllegalArgumentException("unknown data spec " + spec);
  }
}
