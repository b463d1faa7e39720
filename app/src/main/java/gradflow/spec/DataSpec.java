package gradflow.spec;

/** Where training (and test) examples come from. */
public sealed interface DataSpec permits MnistSpec, SyntheticSpec {}
