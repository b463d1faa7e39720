package gradflow.cli;

import gradflow.app.RunSink;
import gradflow.model.Network;
import gradflow.probe.StepStats;
import gradflow.report.AtomicFiles;
import gradflow.report.Report;
import gradflow.report.ReportJson;
import gradflow.steps.StepsFormat;
import gradflow.train.StepView;
import gradflow.train.TrainingSummary;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The --jsonl stream: one compact JSON object per logged step, flushed as it is measured. A file
 * target is written as {@code FILE.partial-<8 random>} beside it (or {@code .gf<random>.partial}
 * when that name would be too long) and renamed to FILE only when training finished, so FILE is
 * never half-written and two runs on one path never share a partial file; the partial file can be
 * tailed meanwhile. A run that fails after some steps keeps its partial file and says where, and so
 * does an interrupted one (its file does not hold the whole run).
 */
final class StepLines implements RunSink {
  private static final int MAX_NAME_BYTES = 255;

  private final Writer writer;
  private final String model;
  private final Path partial;
  private final Path target;
  private final String option;
  private final PrintStream err;
  private int lines;
  private boolean committed;
  private boolean kept;
  private boolean interrupted;

  /** {@code partial}: the file {@code writer} writes, or null for stdout. */
  StepLines(Writer writer, Path partial, Path target, String model, PrintStream err) {
    this.writer = writer;
    this.model = model;
    this.partial = partial;
    this.target = target;
    this.option = "--jsonl " + target;
    this.err = err;
  }

  /** Null when no stream was asked for. */
  static StepLines open(String where, String model, PrintStream stdout, PrintStream err)
      throws IOException {
    if (where == null) return null;
    if (where.equals("-"))
      return new StepLines(
          new OutputStreamWriter(stdout, StandardCharsets.UTF_8), null, Path.of("-"), model, err);
    Path target = AtomicFiles.target(Path.of(where)); // a symlink: its target gets the log
    Files.createDirectories(target.getParent());
    Path partial = createPartial(target);
    Writer writer =
        Files.newBufferedWriter(partial, StandardCharsets.UTF_8, StandardOpenOption.WRITE);
    return new StepLines(writer, partial, target, model, err);
  }

  /** A new, unique partial file beside {@code target}, created with CREATE_NEW (umask applies). */
  private static Path createPartial(Path target) throws IOException {
    String name = target.getFileName().toString();
    for (int attempt = 0; ; attempt++) {
      String random = AtomicFiles.randomName(8);
      String candidate = name + ".partial-" + random;
      if (candidate.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES)
        candidate = ".gf" + random + ".partial";
      Path partial = target.resolveSibling(candidate);
      try {
        Files.newOutputStream(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)
            .close();
        return partial;
      } catch (java.nio.file.FileAlreadyExistsException e) {
        if (attempt >= 20) throw e;
      }
    }
  }

  /** Where the lines go while training runs: the partial file, or null for stdout. */
  Path partialPath() {
    return partial;
  }

  /** The header of the gradflow.steps/1 log: the layers and their parameters. */
  @Override
  public void onStart(Network network) {
    writeLine(StepsFormat.header(model, network));
  }

  @Override
  public void onLoggedStep(StepView view, StepStats stats) {
    write(stats);
  }

  /** The footer: how the run ended. */
  @Override
  public void onEnd(TrainingSummary summary) {
    interrupted = summary.interrupted();
    writeLine(StepsFormat.footer(summary));
  }

  /** Renames the file to FILE, or keeps the partial file of an interrupted run. */
  @Override
  public void onReport(Report report) throws IOException {
    if (interrupted) keepPartial();
    else commit();
  }

  void write(StepStats stats) {
    writeLine(StepsFormat.step(stats));
    lines++;
  }

  private void writeLine(Object line) {
    try {
      writer.write(ReportJson.line(line));
      writer.write('\n');
      writer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write "
              + option
              + (partial == null ? "" : " (at " + partial + ")")
              + ": "
              + OutputPaths.reason(e),
          e);
    }
  }

  void commit() {
    try {
      writer.flush();
      if (partial != null) {
        writer.close();
        AtomicFiles.replace(partial, target);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + option + ": " + OutputPaths.reason(e), e);
    }
    committed = true;
  }

  /**
   * Ends an interrupted run: the lines written so far stay in {@link #partialPath()}, which is
   * neither renamed to FILE (it does not hold the whole run) nor deleted on close.
   */
  void keepPartial() throws IOException {
    writer.flush();
    kept = true;
  }

  /**
   * Without a commit (the run failed), a partial file that holds steps is kept, and its path is
   * printed; an empty one is removed.
   */
  @Override
  public void close() {
    if (partial == null) {
      try {
        writer.flush();
      } catch (IOException | UncheckedIOException e) {
        // stdout failed: the failure that stopped the run says so
      }
      return;
    }
    try {
      writer.close();
    } catch (IOException e) {
      // the write that failed has been reported; what reached the file stays
    }
    if (committed || kept) return;
    try {
      if (lines == 0) Files.deleteIfExists(partial);
      else
        err.printf(
            "note: --jsonl: the %d logged step%s done %s kept in %s (the run did not finish)%n",
            lines, lines == 1 ? "" : "s", lines == 1 ? "is" : "are", partial);
    } catch (IOException e) {
      err.println("note: --jsonl: cannot remove the empty " + partial + ": " + e.getMessage());
    }
  }
}
