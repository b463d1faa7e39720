package gradflow.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import gradflow.model.Network;
import gradflow.model.NetworkBuilder;
import gradflow.probe.StepStats;
import gradflow.report.tensorboard.EventFileWriter;
import gradflow.spec.SpecReader;
import gradflow.train.StepView;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/** A failing --tensorboard write says which file and why. */
class TensorBoardObserverTest {
  private static final String SPEC =
      "name: tb\nseed: 1\ninput: [4]\n"
          + "data: {synthetic: {kind: blobs, classes: 3, samples: 60}}\n"
          + "layers:\n  - dense: {units: 3, activation: softmax}\n"
          + "train: {steps: 2, batch: 8, log_every: 1}\n";

  @TempDir Path dir;

  @Test
  void aFullDiskMidRunNamesTheEventFile() {
    Network network = NetworkBuilder.build(SpecReader.parse(SPEC, "tb.yaml", dir), DataType.FLOAT);
    Path file = dir.resolve("events.out.tfevents.1.gradflow");
    TensorBoardObserver observer;
    try {
      observer = new TensorBoardObserver(dir, EventFileWriter.open(file, new Full(100)));
    } catch (IOException e) {
      throw new AssertionError("the version event fits in 100 bytes", e);
    }

    UncheckedIOException e =
        assertThrows(
            UncheckedIOException.class,
            () ->
                observer.onLoggedStep(
                    new StepView(0, true, 1.0, 0.5, network, null, null, null),
                    new StepStats(0, 1.0, 0.5, List.of())));

    assertEquals(
        "cannot write --tensorboard " + file + ": No space left on device", e.getMessage());
    observer.close(); // closing after the failure reports nothing more
  }

  @Test
  void devFullFailsOnTheFirstEventAndNamesTheFile() throws IOException {
    Path full = Path.of("/dev/full");
    assumeTrue(Files.isWritable(full), "/dev/full is not writable here");
    Path file = dir.resolve("events.out.tfevents.2.gradflow");

    FileSystemException e =
        assertThrows(
            FileSystemException.class,
            () -> EventFileWriter.open(file, new FileOutputStream(full.toFile())));

    assertEquals(file.toString(), e.getFile());
    assertEquals("No space left on device", e.getReason());
  }

  @Test
  void aFileWhereTheFolderShouldBeNamesThePath() throws IOException {
    Network network = NetworkBuilder.build(SpecReader.parse(SPEC, "tb.yaml", dir), DataType.FLOAT);
    Path file = Files.writeString(dir.resolve("runs"), "not a folder");

    UncheckedIOException e =
        assertThrows(
            UncheckedIOException.class,
            () -> new TensorBoardObserver(file.resolve("x")).onStart(network));

    assertEquals(
        "cannot write --tensorboard " + file.resolve("x") + ": Not a directory", e.getMessage());
  }

  /** A disk with {@code room} bytes free, failing as FileOutputStream does when it is full. */
  private static final class Full extends OutputStream {
    private int room;

    Full(int room) {
      this.room = room;
    }

    @Override
    public void write(int b) throws IOException {
      if (room-- <= 0) throw new IOException("No space left on device");
    }
  }
}
