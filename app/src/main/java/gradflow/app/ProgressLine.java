package gradflow.app;

import gradflow.train.StepView;
import gradflow.train.TrainingSummary;
import java.io.PrintStream;
import java.util.function.IntConsumer;

/**
 * A one-line progress display on stderr, redrawn with a carriage return and erased at the end so
 * that what follows starts on a clean line: a run's steps ("step 1200/2500 48% loss 0.412", at most
 * ten times a second, as a run sink) or a comparison's finished runs ("compare: 3/8 runs done").
 * Hand-written: a terminal progress library would be a dependency for twenty lines.
 */
public final class ProgressLine implements RunSink {
  private static final String ERASE = "\r\033[K";

  private final PrintStream err;
  private final int steps;
  private long lastDraw;
  private boolean drawn;

  /** The step line of a run of {@code steps} steps. */
  public ProgressLine(PrintStream err, int steps) {
    this.err = err;
    this.steps = steps;
  }

  @Override
  public void onStep(StepView view) {
    long now = System.nanoTime();
    if (now - lastDraw < 100_000_000L && view.step() + 1 < steps) return;
    lastDraw = now;
    err.printf(
        "\rstep %d/%d %3d%%  loss %.4f ",
        view.step() + 1, steps, (view.step() + 1) * 100 / steps, view.loss());
    err.flush();
    drawn = true;
  }

  /** Erases the line, if one was drawn. */
  @Override
  public void onEnd(TrainingSummary summary) {
    if (!drawn) return;
    err.print(ERASE);
    err.flush();
  }

  /**
   * The line of a comparison of {@code total} runs: called with the number finished after each
   * (from any thread), erased once all are.
   */
  public static IntConsumer ofRuns(PrintStream err, int total) {
    return ofRuns(err, "compare", total);
  }

  /** As {@link #ofRuns(PrintStream, int)}, the line starting with {@code what} ("fixes"). */
  public static IntConsumer ofRuns(PrintStream err, String what, int total) {
    return done -> {
      synchronized (err) {
        err.printf("\r%s: %d/%d runs done ", what, done, total);
        if (done == total) err.print(ERASE);
        err.flush();
      }
    };
  }

  /** Erases a line drawn by {@link #ofRuns} that did not reach its end (the runs were stopped). */
  public static void erase(PrintStream err) {
    err.print(ERASE);
    err.flush();
  }
}
