package gradflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import gradflow.probe.StepStats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A --jsonl file that cannot be written is named, with the partial file the lines went to. */
class StepLinesTest {
  @Test
  void aFullDiskNamesTheFileAndItsPartial() {
    Path target = Path.of("runs", "x.jsonl");
    Path partial = Path.of("runs", "x.jsonl.partial-abcdefgh");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    StepLines lines =
        new StepLines(
            new FullDisk(),
            partial,
            target,
            "net",
            new PrintStream(err, true, StandardCharsets.UTF_8));

    UncheckedIOException e =
        assertThrows(
            UncheckedIOException.class, () -> lines.write(new StepStats(0, 1.0, 0.5, List.of())));

    assertEquals(
        "cannot write --jsonl " + target + " (at " + partial + "): No space left on device",
        e.getMessage());
  }

  /** Fails as a FileOutputStream on a full disk does. */
  private static final class FullDisk extends Writer {
    @Override
    public void write(char[] buffer, int offset, int length) throws IOException {
      throw new IOException("No space left on device");
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
