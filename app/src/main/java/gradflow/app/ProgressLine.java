package gradflow.app;

import gradflow.train.StepView;
import gradflow.train.TrainingObserver;
import gradflow.train.TrainingSummary;
import java.io.PrintStream;

/**
 * A one-line progress display on stderr ("step 1200/2500 48% loss 0.412"), redrawn with a carriage
 * return at most ten times a second. Hand-written: a terminal progress library would be a
 * dependency for twenty lines.
 */
final class ProgressLine implements TrainingObserver {
  private final PrintStream err;
  private final int steps;
  private long lastDraw;
  private boolean drawn;

  ProgressLine(PrintStream err, int steps) {
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

  /** Erases the line, if one was drawn, so that what follows starts on a clean line. */
  @Override
  public void onEnd(TrainingSummary summary) {
    if (!drawn) return;
    err.print("\r\033[K");
    err.flush();
  }
}
