package gradflow.cli;

/** A problem with what the user passed (exit code 2): printed as is, without a stack trace. */
final class UserError extends RuntimeException {
  UserError(String message) {
    super(message);
  }
}
