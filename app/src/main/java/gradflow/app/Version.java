package gradflow.app;

/** gradflow's version, shown by --version and recorded in every report's provenance. */
public final class Version {
  public static final String VALUE = "0.1.0";

  private Version() {}
}
