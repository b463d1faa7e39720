package gradflow.cli;

import gradflow.app.RunSink;
import gradflow.report.Report;
import gradflow.train.TrainingSummary;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * SIGINT and SIGTERM as a stop flag. Until a command calls {@link #cooperate()}, a signal stops the
 * process at once with a one-line message (exit 130 or 143); after it, the first signal only sets
 * the flag, which the training loop reads after each step ({@link #getAsBoolean()}), so that the
 * command can report the steps done. A second signal exits at once, as the JVM would.
 *
 * <p>Handlers come from {@code sun.misc.Signal} (module jdk.unsupported). Where it is missing or
 * the JVM keeps the signals to itself ({@code -Xrs}), nothing is installed and the JVM's default
 * applies: exit 130/143 without a report. A signal ignored on entry (a background job without job
 * control) stays ignored, as POSIX shells expect.
 */
final class Interrupts implements BooleanSupplier {
  /** A stop signal and its exit code, 128 + its number. */
  enum Sig {
    INT(ExitCodes.SIGINT),
    TERM(ExitCodes.SIGTERM);

    final int exitCode;

    Sig(int exitCode) {
      this.exitCode = exitCode;
    }

    String label() {
      return "SIG" + name();
    }
  }

  private final PrintStream err;
  private final IntConsumer halt;
  private volatile Sig received;
  private volatile boolean cooperative;

  Interrupts(PrintStream err, IntConsumer halt) {
    this.err = err;
    this.halt = halt;
  }

  /** For runs inside another program (tests): no handler, and no signal unless given one here. */
  static Interrupts none() {
    return new Interrupts(System.err, code -> {});
  }

  /** As if {@code sig} had arrived while training: for in-process tests of the interrupted path. */
  static Interrupts received(Sig sig) {
    Interrupts i = none();
    i.received = sig;
    i.cooperative = true;
    return i;
  }

  /** Installs the handlers for this process; false when the JVM does not allow it. */
  boolean install() {
    try {
      for (Sig sig : Sig.values())
        sun.misc.Signal.handle(new sun.misc.Signal(sig.name()), s -> receive(sig));
      return true;
    } catch (IllegalArgumentException | LinkageError e) { // -Xrs, or no jdk.unsupported module
      return false;
    }
  }

  /** From now on the command stops at the next step boundary instead of exiting at once. */
  void cooperate() {
    cooperative = true;
  }

  void receive(Sig sig) {
    if (received != null || !cooperative) {
      err.println("gradflow: interrupted (" + sig.label() + ")");
      err.flush();
      halt.accept(sig.exitCode);
      return;
    }
    received = sig;
  }

  /** True once a stop signal arrived. */
  @Override
  public boolean getAsBoolean() {
    return received != null;
  }

  /**
   * A run sink that says where an interrupted analysis stopped, once it is judged, and where its
   * partial --jsonl log is kept ({@code lines} null: there is none): "gradflow: interrupted at step
   * N of M (SIGINT); partial log: F". Put it before the other sinks: the line comes first.
   */
  RunSink notice(StepLines lines, PrintStream err) {
    return new RunSink() {
      private boolean stopped;

      @Override
      public void onEnd(TrainingSummary summary) {
        stopped = summary.interrupted();
      }

      @Override
      public void onReport(Report report) {
        if (!stopped) return;
        Path partial = lines == null ? null : lines.partialPath();
        err.printf(
            "gradflow: interrupted at step %d of %d (%s)%s%n",
            report.training().stepsRun(),
            report.training().stepsPlanned(),
            received == null ? "stop requested" : received.label(),
            partial == null ? "" : "; partial log: " + partial);
      }
    };
  }

  /** The signal received, or null. */
  Sig signal() {
    return received;
  }
}
