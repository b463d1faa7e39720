package gradflow.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The process's stdout, whose write errors are not swallowed: an {@code IOException} becomes a
 * {@link StdoutFailure}, which {@code PrintStream} lets through, so the first failed write stops
 * the run (the text report, {@code --json -} and each {@code --jsonl -} line alike).
 */
final class CheckedStdout extends OutputStream {
  private final OutputStream out = new FileOutputStream(FileDescriptor.out);

  @Override
  public void write(int b) throws IOException {
    try {
      out.write(b);
    } catch (IOException e) {
      throw new StdoutFailure(e);
    }
  }

  @Override
  public void write(byte[] b, int off, int len) {
    try {
      out.write(b, off, len);
    } catch (IOException e) {
      throw new StdoutFailure(e);
    }
  }

  @Override
  public void flush() {
    try {
      out.flush();
    } catch (IOException e) {
      throw new StdoutFailure(e);
    }
  }
}
