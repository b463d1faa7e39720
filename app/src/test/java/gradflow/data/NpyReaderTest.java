package gradflow.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradflow.data.NpyReader.Dtype;
import gradflow.data.NpyReader.NpyArray;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyReaderTest {
  @TempDir Path dir;

  private String refusal(byte[] bytes) throws IOException {
    Path file = NpyFiles.write(dir.resolve("bad.npy"), bytes);
    String message = assertThrows(DataException.class, () -> NpyReader.read(file)).getMessage();
    assertTrue(message.startsWith(file.toString()), message);
    return message;
  }

  @Test
  void readsFloat32LittleEndianVersion1() throws IOException {
    Path file = NpyFiles.float32(dir.resolve("x.npy"), new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    NpyArray a = NpyReader.read(file);
    assertEquals(Dtype.FLOAT32, a.dtype());
    assertArrayEquals(new long[] {2, 3}, a.shape());
    assertEquals(6.0, a.get(5));
  }

  @Test
  void readsFloat64BigEndianVersion2AndUint8Version3() throws IOException {
    NpyArray f =
        NpyReader.read(NpyFiles.float64BigEndian(dir.resolve("f.npy"), new double[] {0.5, -2}, 2));
    assertEquals(Dtype.FLOAT64, f.dtype());
    assertEquals(-2.0, f.get(1));
    NpyArray u =
        NpyReader.read(NpyFiles.uint8(dir.resolve("u.npy"), new byte[] {(byte) 255}, 1, 1));
    assertEquals(255.0, u.get(0));
  }

  @Test
  void refusesFortranOrder() throws IOException {
    String header = "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }";
    String m = refusal(NpyFiles.bytes(1, header, new byte[16]));
    assertTrue(m.contains("Fortran order"), m);
  }

  @Test
  void refusesObjectArrays() throws IOException {
    String m = refusal(NpyFiles.bytes(1, NpyFiles.header("|O", 2), new byte[16]));
    assertTrue(m.contains("Python objects (dtype object, a pickle)"), m);
  }

  @Test
  void refusesTruncatedData() throws IOException {
    String m = refusal(NpyFiles.bytes(1, NpyFiles.header("<f4", 10, 3), new byte[100]));
    assertTrue(
        m.contains("truncated: the header's shape [10, 3] of float32 promises 120 bytes"), m);
    assertTrue(m.contains("found 100"), m);
  }

  @Test
  void refusesTrailingData() throws IOException {
    String m = refusal(NpyFiles.bytes(1, NpyFiles.header("<f4", 2), new byte[9]));
    assertTrue(m.contains("unexpected data after the 8 bytes"), m);
  }

  @Test
  void refusesShapesWhoseSizeOverflows() throws IOException {
    String header = NpyFiles.header("<f8", 4611686018427387904L, 4611686018427387904L);
    String m = refusal(NpyFiles.bytes(1, header, new byte[0]));
    assertTrue(m.contains("more than 2 GiB"), m);
    assertTrue(m.contains("[4611686018427387904, 4611686018427387904]"), m);
  }

  @Test
  void refusesCorruptHeadersAndOtherFiles() throws IOException {
    assertTrue(refusal("hello world".getBytes()).contains("not an NPY file"));
    String m = refusal(NpyFiles.bytes(1, "{'descr': '<f4', 'shape': (2,) ", new byte[8]));
    assertTrue(m.contains("corrupt NPY header"), m);
    m = refusal(NpyFiles.bytes(1, NpyFiles.header("<U3", 2), new byte[24]));
    assertTrue(m.contains("dtype '<U3' is not supported"), m);
    byte[] v9 = NpyFiles.bytes(1, NpyFiles.header("<f4", 2), new byte[8]);
    v9[6] = 9;
    assertTrue(refusal(v9).contains("version 9.0 is not supported"));
    byte[] cut = Arrays.copyOf(NpyFiles.bytes(1, NpyFiles.header("<f4", 2), new byte[8]), 20);
    assertTrue(refusal(cut).contains("truncated NPY header"));
  }
}
