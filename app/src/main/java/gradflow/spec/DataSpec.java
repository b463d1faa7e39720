package gradflow.spec;

import java.util.List;

/** Where training (and test) examples come from. */
public sealed interface DataSpec permits MnistSpec, SyntheticSpec, NpySpec, CsvSpec, IdxSpec {
  /**
   * The files this source reads, as resolved by the binder (none for MNIST's folder, synthetic).
   */
  default List<String> files() {
    return List.of();
  }
}
