package gradflow.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzing with a fixed seed: whatever the bytes, NpyReader returns an array whose data matches its
 * header or throws a {@link DataException}, never another exception or error.
 */
class NpyReaderFuzzTest {
  @TempDir Path tmp;

  @Test
  void mutatedFilesGiveDataOrDataException() throws IOException {
    byte[] valid = Files.readAllBytes(NpyFiles.float32(tmp.resolve("v.npy"), new float[6], 2, 3));
    SplittableRandom random = new SplittableRandom(20261202L);
    for (int i = 0; i < 500; i++) {
      byte[] bytes = valid.clone();
      int edits = 1 + random.nextInt(4);
      for (int e = 0; e < edits; e++) {
        // most edits land in the header, where the parser is
        int at = random.nextInt(random.nextBoolean() ? Math.min(80, bytes.length) : bytes.length);
        bytes[at] = (byte) "0123456789(),:' {}<>|TrueFalsOfi8u".charAt(random.nextInt(34));
      }
      if (random.nextInt(4) == 0)
        bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
      Path file = Files.write(tmp.resolve("f" + i + ".npy"), bytes);
      try {
        NpyReader.NpyArray a = NpyReader.read(file);
        long n = 1;
        for (long d : a.shape()) n *= d;
        assertEquals(n, a.length(), "try " + i);
      } catch (DataException expected) {
        // refused with a message: fine
      } catch (RuntimeException | Error e) {
        fail("try " + i + " (" + HexFormat.of().formatHex(bytes) + "): " + e, e);
      }
    }
  }
}
