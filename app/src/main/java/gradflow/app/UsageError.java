package gradflow.app;

/**
 * A problem with what the user asked of a service (exit code 2), such as a sweep that cannot apply:
 * printed as is, without a stack trace.
 */
public class UsageError extends RuntimeException {
  public UsageError(String message) {
    super(message);
  }
}
