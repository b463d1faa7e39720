package gradflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 8: every case of {@code testdata/hostile/cases.txt} runs against a fresh copy of the
 * corpus, exits with its code and a message fragment, prints no stack trace, and leaves no file it
 * should not: a refused run (exit 2) changes nothing at all.
 */
class HostileCorpusTest {
  private static final Path CORPUS = Cli.repoRoot().resolve("testdata/hostile");
  private static Path template;

  /** One line of cases.txt. */
  record Case(String id, int code, String fragment, List<String> args) {
    @Override
    public String toString() {
      return id;
    }
  }

  static Stream<Case> cases() throws IOException {
    List<Case> cases = new ArrayList<>();
    for (String line : Files.readAllLines(CORPUS.resolve("cases.txt"))) {
      if (line.isBlank() || line.startsWith("#")) continue;
      String[] columns = line.split("\\|", 4);
      List<String> args = Arrays.asList(columns[3].trim().split("\\s+"));
      cases.add(
          new Case(
              columns[0].trim(), Integer.parseInt(columns[1].trim()), columns[2].trim(), args));
    }
    // -Dgradflow.hostile=id,id runs only those cases (when working on one)
    String only = System.getProperty("gradflow.hostile", "");
    if (!only.isBlank()) cases.removeIf(c -> !List.of(only.split(",")).contains(c.id()));
    return cases.stream();
  }

  @BeforeAll
  static void makeTemplate() throws IOException, InterruptedException {
    template = Files.createTempDirectory("gradflow-hostile");
    copyTree(CORPUS.resolve("specs"), template.resolve("specs"));
    Path gen = Files.createDirectories(template.resolve("gen"));
    String base = Files.readString(CORPUS.resolve("specs/base.yaml"));
    Files.writeString(gen.resolve("big-comments.yaml"), base + "# padding\n".repeat(220_000));
    Files.writeString(
        gen.resolve("long-line.yaml"),
        base.replace("input: [20]", "input: [" + "1,".repeat(400_000) + "1]"));
    Files.createSymbolicLink(gen.resolve("link-to-spec.yaml"), Path.of("../specs/base.yaml"));
    mkfifo(gen.resolve("fifo.yaml"));
    makeData(template.resolve("data"));
    makeFileData(gen);
  }

  @AfterAll
  static void removeTemplate() throws IOException {
    deleteTree(template);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void refusesOrRunsCleanly(Case c) throws IOException {
    if (c.args().stream().anyMatch(a -> a.contains("fifo")))
      assumeTrue(Files.exists(template.resolve("gen/fifo.yaml"), LinkOption.NOFOLLOW_LINKS));
    Path dir = Files.createTempDirectory("gradflow-case-" + c.id());
    try {
      copyTree(template, dir);
      Files.createDirectories(dir.resolve("out"));
      Map<String, String> before = snapshot(dir);
      String[] args =
          c.args().stream().map(a -> a.replace("$D", dir.toString())).toArray(String[]::new);
      Cli.Result r = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Cli.run(args));
      r.expectCode(c.code()).expectNoStackTrace();
      assertTrue(
          r.err().toLowerCase(Locale.ROOT).contains(c.fragment().toLowerCase(Locale.ROOT))
              || r.out().toLowerCase(Locale.ROOT).contains(c.fragment().toLowerCase(Locale.ROOT)),
          () -> c.id() + ": expected '" + c.fragment() + "' in:\n" + cut(r.err()));
      assertTrue(r.err().length() < 64 * 1024, () -> c.id() + ": stderr of " + r.err().length());
      Map<String, String> after = snapshot(dir);
      if (c.code() == ExitCodes.INVALID_INPUT) {
        assertEquals(before, after, c.id() + ": a refused run changed files");
      } else {
        after.keySet().removeIf(p -> p.startsWith("out/"));
        before.keySet().removeIf(p -> p.startsWith("out/"));
        assertEquals(before, after, c.id() + ": files outside out/ changed");
      }
      BasicFileAttributes devNull =
          Files.readAttributes(Path.of("/dev/null"), BasicFileAttributes.class);
      assertTrue(devNull.isOther(), "/dev/null is still a device");
    } finally {
      deleteTree(dir);
    }
  }

  private static String cut(String text) {
    return text.length() < 4000 ? text : text.substring(0, 4000) + "...";
  }

  /** The MNIST subset copied per case, each with one file broken. */
  private static void makeData(Path data) throws IOException, InterruptedException {
    Path mini = Cli.mnistMini();
    for (String name :
        List.of("good", "gzbomb", "truncated", "badmagic", "hugeheader", "fifo", "dir"))
      copyTree(mini, data.resolve(name));
    byte[] images = gunzip(mini.resolve("train-images-idx3-ubyte.gz"));
    // A bomb: the real header and images, then 256 MiB of zeros that compress to 256 KiB.
    try (OutputStream out =
        new GZIPOutputStream(
            Files.newOutputStream(data.resolve("gzbomb/train-images-idx3-ubyte.gz")))) {
      out.write(images);
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 256; i++) out.write(zeros);
    }
    try (OutputStream out =
        new GZIPOutputStream(
            Files.newOutputStream(data.resolve("truncated/train-images-idx3-ubyte.gz")))) {
      out.write(images, 0, images.length / 2);
    }
    Path raw = data.resolve("badmagic/train-images-idx3-ubyte"); // the raw file wins over .gz
    byte[] bad = images.clone();
    ByteBuffer.wrap(bad).putInt(0xdeadbeef);
    Files.write(raw, bad);
    Files.write(
        data.resolve("hugeheader/train-images-idx3-ubyte"),
        ByteBuffer.allocate(16)
            .putInt(0x803)
            .putInt(Integer.MAX_VALUE)
            .putInt(65536)
            .putInt(65536)
            .array());
    mkfifo(data.resolve("fifo/train-images-idx3-ubyte"));
    Files.createDirectories(data.resolve("dir/train-images-idx3-ubyte"));
  }

  /** NPY and CSV inputs for the file data kinds: one good pair, and broken ones (issue 10). */
  private static void makeFileData(Path gen) throws IOException, InterruptedException {
    gradflow.data.NpyFiles.float32(
        gen.resolve("x.npy"), new float[] {0, 1, 2, 3, 4, 5, 6, 7}, 4, 2);
    gradflow.data.NpyFiles.int64(gen.resolve("y.npy"), 0, 1, 2, 1);
    long huge = 1L << 62;
    gradflow.data.NpyFiles.write(
        gen.resolve("huge.npy"),
        gradflow.data.NpyFiles.bytes(
            1, gradflow.data.NpyFiles.header("<f4", huge, huge), new byte[0]));
    gradflow.data.NpyFiles.write(
        gen.resolve("pickle.npy"),
        gradflow.data.NpyFiles.bytes(1, gradflow.data.NpyFiles.header("|O", 4, 2), new byte[64]));
    Files.writeString(gen.resolve("ragged.csv"), "a,b,label\n1,2,0\n3,1\n");
    mkfifoQuietly(gen.resolve("fifo.npy"));
  }

  private static byte[] gunzip(Path file) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      return in.readAllBytes();
    }
  }

  private static void mkfifo(Path path) throws IOException, InterruptedException {
    try {
      new ProcessBuilder("mkfifo", path.toString()).inheritIO().start().waitFor();
    } catch (IOException e) {
      // no mkfifo here: the FIFO cases are skipped
    }
  }

  /** Relative path to what it is: a regular file's SHA-256, or its kind (link target, fifo). */
  private static Map<String, String> snapshot(Path root) throws IOException {
    Map<String, String> state = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        String key = root.relativize(p).toString().replace('\\', '/');
        BasicFileAttributes a =
            Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        String what;
        if (a.isSymbolicLink()) what = "link " + Files.readSymbolicLink(p);
        else if (a.isDirectory()) what = "dir";
        else if (a.isRegularFile()) what = "file " + sha256(p);
        else what = "other";
        state.put(key, what);
      }
    }
    return state;
  }

  private static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) digest.update(buffer, 0, n);
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        BasicFileAttributes a =
            Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.isSymbolicLink()) Files.createSymbolicLink(target, Files.readSymbolicLink(p));
        else if (a.isDirectory()) Files.createDirectories(target);
        else if (a.isRegularFile()) Files.copy(p, target);
        else mkfifoQuietly(target);
      }
    }
  }

  private static void mkfifoQuietly(Path path) throws IOException {
    try {
      mkfifo(path);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (root == null || !Files.exists(root, LinkOption.NOFOLLOW_LINKS)) return;
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted((a, b) -> b.compareTo(a)).toList()) Files.delete(p);
    }
  }
}
