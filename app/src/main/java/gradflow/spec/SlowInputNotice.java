package gradflow.spec;

import java.io.PrintStream;

/**
 * Says on stderr, once, that gradflow is waiting for a pipe's writer when opening or reading a FIFO
 * or standard input takes longer than a moment. Blocking there is how pipes work (cat waits too),
 * so the wait is kept, but a user who named a FIFO nobody writes to should not face silence.
 */
final class SlowInputNotice implements AutoCloseable {
  static final long DELAY_MILLIS = 2000;
  private final Thread timer;

  private SlowInputNotice(String what, PrintStream err) {
    timer =
        new Thread(
            () -> {
              try {
                Thread.sleep(DELAY_MILLIS);
              } catch (InterruptedException e) {
                return; // the read finished in time
              }
              err.println("gradflow: waiting for " + what + "; Ctrl-C to stop");
            },
            "gradflow-slow-input");
    timer.setDaemon(true);
    timer.start();
  }

  /** Starts the timer; close it when the bytes are in. */
  static SlowInputNotice waitingFor(String what) {
    return new SlowInputNotice(what, System.err);
  }

  @Override
  public void close() {
    timer.interrupt();
  }
}
