package gradflow.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unreadable data says "permission denied" with the path (reliability review, M4). Root reads
 * anything, and CI runs as root: the child then runs under setpriv without the two capabilities
 * that override file permissions, so the check is real there too.
 */
class PermissionDeniedTest {
  @Test
  void anUnreadableIdxFileAndAnUnreadableDataFolderAreNamed(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    Path mini = Cli.repoRoot().resolve("testdata/mnist-mini");
    try (var files = Files.list(mini)) {
      for (Path f : files.toList()) Files.copy(f, data.resolve(f.getFileName()));
    }
    Path spec = Cli.repoRoot().resolve("testdata/hostile/specs/mnist.yaml");
    Path labels = data.resolve("train-labels-idx1-ubyte.gz");
    Files.setPosixFilePermissions(labels, PosixFilePermissions.fromString("---------"));
    String file = run(dir, "analyze", spec.toString(), "-q", "--data-dir", data.toString());
    assertTrue(file.contains(labels + ": permission denied"), file);

    Files.setPosixFilePermissions(labels, PosixFilePermissions.fromString("rw-r--r--"));
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("---------"));
    try {
      String folder = run(dir, "analyze", spec.toString(), "-q", "--data-dir", data.toString());
      assertTrue(folder.contains(data + "': permission denied"), folder);
    } finally {
      Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
    }
  }

  /** gradflow's stderr; it must exit 2 without a stack trace. */
  private static String run(Path dir, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    if ("root".equals(System.getProperty("user.name")))
      command.addAll(List.of("setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--"));
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "gradflow.cli.Main"));
    command.addAll(List.of(args));
    Path err = dir.resolve("err");
    Process p =
        new ProcessBuilder(command)
            .redirectError(err.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "gradflow did not exit");
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    assertTrue(p.exitValue() == 2 && !stderr.contains("\tat "), p.exitValue() + ": " + stderr);
    return stderr;
  }
}
