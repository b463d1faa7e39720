package gradflow.app;

import gradflow.model.Network;
import gradflow.probe.StepStats;
import gradflow.report.Report;
import gradflow.train.StepView;
import gradflow.train.TrainingSummary;
import java.io.IOException;

/**
 * An output of one run: handed the steps while the run trains and its report at the end. Every hook
 * is optional; a run calls them in this order: {@link #onStart} once the network is built, {@link
 * #onStep} for every step and {@link #onLoggedStep} for the logged ones (view and the probe's
 * numbers of that step together), {@link #onEnd} when training stopped, {@link #close} always (also
 * after a failure), and {@link #onReport} once the gate has judged the run.
 *
 * <p>Files a sink will write are checked before training by the command's {@code OutputPlan}; a
 * sink creates nothing before {@link #onStart}, so a run that fails to start leaves nothing behind.
 */
public interface RunSink {
  /** The network is built, no step has run. */
  default void onStart(Network network) {}

  /** Every step, after backward and before the update; arrays are reused after it returns. */
  default void onStep(StepView view) {}

  /** A logged step: its view and what the probe measured at it. */
  default void onLoggedStep(StepView view, StepStats stats) {}

  /** Training stopped (at its last step, on a non-finite value, or on a stop request). */
  default void onEnd(TrainingSummary summary) {}

  /**
   * Always called once the run is over, also when it failed: release what {@link #onStart} opened.
   */
  default void close() {}

  /** The judged report of the run. */
  default void onReport(Report report) throws IOException {}

  /** A sink that only writes the report. */
  static RunSink ofReport(ReportWriter writer) {
    return new RunSink() {
      @Override
      public void onReport(Report report) throws IOException {
        writer.write(report);
      }
    };
  }

  /** Writes a finished report somewhere. */
  @FunctionalInterface
  interface ReportWriter {
    void write(Report report) throws IOException;
  }
}
