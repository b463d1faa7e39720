package gradflow.data;

/** Bad or missing data (a user error, exit code 2): the message says what, where and how to fix. */
public class DataException extends RuntimeException {
  public DataException(String message) {
    super(message);
  }

  public DataException(String message, Throwable cause) {
    super(message, cause);
  }
}
