package gradflow.spec;

/**
 * Where something was written in the spec file: 1-based line and column, as the spec reader saw
 * them. CI outputs (SARIF, workflow annotations) point at a layer's type key with it.
 */
public record SpecPosition(int line, int column) {}
