package gradflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution tarball that {@code mvn package} builds, unpacked somewhere else, runs analyze
 * from another folder through a symlink on PATH, as an installed gradflow would.
 */
class DistributionIT {
  @Test
  void theUnpackedTarballRunsThroughASymlinkFromAnyFolder(@TempDir Path dir) throws Exception {
    Path tarball = Path.of(System.getProperty("gradflow.distribution"));
    assertTrue(Files.isRegularFile(tarball), "mvn package builds " + tarball);
    Path opt = Files.createDirectories(dir.resolve("opt"));
    assertEquals(0, run(opt, dir, "tar", "xzf", tarball.toString()).exit, "tar unpacks it");
    Path home = opt.resolve(tarball.getFileName().toString().replace(".tar.gz", ""));
    for (String page : List.of("gradflow.1", "gradflow-analyze.1", "gradflow-judge.1"))
      assertTrue(Files.isRegularFile(home.resolve("man/man1/" + page)), "man/man1/" + page);
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path link = Files.createSymbolicLink(bin.resolve("gradflow"), home.resolve("bin/gradflow"));
    Path spec = Cli.repoRoot().resolve("testdata/hostile/specs/base.yaml");
    Path elsewhere = Files.createDirectories(dir.resolve("work"));

    Result version = run(elsewhere, dir, link.toString(), "--version");
    assertEquals(0, version.exit, version.err);
    assertTrue(version.out.startsWith("gradflow "), version.out);
    Result analyze =
        run(elsewhere, dir, link.toString(), "analyze", spec.toString(), "-q", "--json", "-");
    assertEquals(0, analyze.exit, analyze.err);
    JsonNode report = Cli.JSON.readTree(analyze.out);
    assertEquals("pass", report.get("status").asText());
    assertEquals(List.of(), List.copyOf(Files.list(elsewhere).toList()), "it wrote nothing here");
  }

  private record Result(int exit, String out, String err) {}

  private static Result run(Path cwd, Path scratch, String... command) throws Exception {
    Path out = scratch.resolve("out.txt");
    Path err = scratch.resolve("err.txt");
    Process p =
        new ProcessBuilder(command)
            .directory(cwd.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), String.join(" ", command) + " did not exit");
    return new Result(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
