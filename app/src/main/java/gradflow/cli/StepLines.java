package gradflow.cli;

import gradflow.probe.StepStats;
import gradflow.report.ReportBuilder;
import gradflow.report.ReportJson;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The --jsonl stream: one compact JSON object per logged step, flushed as it is measured. A file
 * target is written as FILE.partial and renamed to FILE only when training finished, so FILE is
 * never half-written; the partial file can be tailed meanwhile.
 */
final class StepLines implements AutoCloseable {
  private final Writer writer;
  private final Path partial;
  private final Path target;
  private boolean committed;
  private boolean kept;

  private StepLines(Writer writer, Path partial, Path target) {
    this.writer = writer;
    this.partial = partial;
    this.target = target;
  }

  /** Null when no stream was asked for. */
  static StepLines open(String where, PrintStream stdout) throws IOException {
    if (where == null) return null;
    if (where.equals("-"))
      return new StepLines(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), null, null);
    Path target = Path.of(where).toAbsolutePath();
    if (target.getParent() != null) Files.createDirectories(target.getParent());
    Path partial = target.resolveSibling(target.getFileName() + ".partial");
    return new StepLines(Files.newBufferedWriter(partial, StandardCharsets.UTF_8), partial, target);
  }

  void write(StepStats stats) {
    try {
      writer.write(ReportJson.line(ReportBuilder.stepEntry(stats)));
      writer.write('\n');
      writer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write --jsonl: " + e.getMessage(), e);
    }
  }

  void commit() throws IOException {
    writer.flush();
    if (partial != null) {
      writer.close();
      Files.move(
          partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
    committed = true;
  }

  /** The file being written until {@link #commit()}, or null when streaming to stdout. */
  Path partialPath() {
    return partial;
  }

  /**
   * Ends an interrupted run: the lines written so far stay in {@link #partialPath()}, which is
   * neither renamed to FILE (it does not hold the whole run) nor deleted on close.
   */
  void keepPartial() throws IOException {
    writer.flush();
    kept = true;
  }

  @Override
  public void close() throws IOException {
    if (partial == null) {
      writer.flush();
      return;
    }
    writer.close();
    if (!committed && !kept) Files.deleteIfExists(partial);
  }
}
