package gradflow.probe;

import java.util.Locale;

/** How bad a finding is; {@code --fail-on} compares against this order. */
public enum Severity {
  INFO,
  WARN,
  ERROR;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
