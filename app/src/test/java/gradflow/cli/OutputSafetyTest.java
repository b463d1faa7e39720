package gradflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gradflow.report.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8: what gradflow writes honours the umask, keeps the mode of a file it replaces, survives a
 * concurrent run on the same path, and fails loudly, naming the file, when the disk or stdout
 * fails. Real child processes, because the umask, /dev/full and a closed pipe belong to a process.
 */
class OutputSafetyTest {
  private static final String SPEC = "testdata/hostile/specs/base.yaml";

  @Test
  void reportsHonourTheUmask(@TempDir Path dir) throws Exception {
    for (String[] umaskAndMode : new String[][] {{"027", "rw-r-----"}, {"022", "rw-r--r--"}}) {
      Path json = dir.resolve("r" + umaskAndMode[0] + ".json");
      Path jsonl = dir.resolve("r" + umaskAndMode[0] + ".jsonl");
      GradflowProcess.startInShell(
              dir,
              "umask " + umaskAndMode[0],
              "",
              "analyze",
              SPEC,
              "-q",
              "--json",
              json.toString(),
              "--jsonl",
              jsonl.toString())
          .await(120)
          .expectCode(0);
      for (Path written : List.of(json, jsonl))
        assertEquals(
            umaskAndMode[1],
            PosixFilePermissions.toString(Files.getPosixFilePermissions(written)),
            written + " under umask " + umaskAndMode[0]);
    }
  }

  @Test
  void replacingAFileKeepsItsModeAndLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
    Path report = dir.resolve("r.json");
    Files.writeString(report, "old");
    Files.setPosixFilePermissions(report, PosixFilePermissions.fromString("rw----r--"));
    AtomicFiles.write(report, "new");
    assertEquals("new", Files.readString(report));
    assertEquals("rw----r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(report)));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(report), files.toList());
    }
  }

  @Test
  void aFailedFileSetLeavesNoFolderItMadeAndKeepsOnesThatWereThere(@TempDir Path dir)
      throws IOException {
    Path made = dir.resolve("plots/run1");
    try (AtomicFiles.FileSet set = AtomicFiles.FileSet.in(made)) {
      set.write("a.svg", "<svg/>");
    } // no commit: as when the disk fills before the set is whole
    assertEquals(false, Files.exists(dir.resolve("plots")), "the folders it made are gone");
    Path existing = Files.createDirectories(dir.resolve("kept"));
    try (AtomicFiles.FileSet set = AtomicFiles.FileSet.in(existing)) {
      set.write("a.svg", "<svg/>");
    }
    try (Stream<Path> files = Files.list(existing)) {
      assertEquals(List.of(), files.toList(), "an existing folder stays, emptied of the staging");
    }
    try (AtomicFiles.FileSet set = AtomicFiles.FileSet.in(dir.resolve("whole"))) {
      set.write("a.svg", "<svg/>");
      set.commit();
    }
    assertEquals("<svg/>", Files.readString(dir.resolve("whole/a.svg")));
  }

  @Test
  void twoRunsOnTheSameJsonlPathEachLeaveAWholeLog(@TempDir Path dir) throws Exception {
    Path jsonl = dir.resolve("same.jsonl");
    Files.createDirectories(dir.resolve("a"));
    Files.createDirectories(dir.resolve("b"));
    String[] args = {"analyze", SPEC, "-q", "--steps", "40", "--jsonl", jsonl.toString()};
    GradflowProcess a = GradflowProcess.start(dir.resolve("a"), List.of(), args);
    GradflowProcess b = GradflowProcess.start(dir.resolve("b"), List.of(), args);
    a.await(180).expectCode(0).expectNoStackTrace();
    b.await(180).expectCode(0).expectNoStackTrace();
    List<String> lines = Files.readAllLines(jsonl);
    assertEquals(42, lines.size(), "one whole run's log: a header, 40 logged steps, a footer");
    assertEquals("gradflow.steps/1", Cli.JSON.readTree(lines.get(0)).get("schema").asText());
    for (int i = 1; i <= 40; i++)
      assertEquals(i - 1, Cli.JSON.readTree(lines.get(i)).get("step").asInt(), lines.get(i));
    assertEquals(40, Cli.JSON.readTree(lines.get(41)).get("end").get("steps_run").asInt());
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(
          List.of(), files.filter(f -> f.getFileName().toString().contains(".gf")).toList());
    }
  }

  @Test
  void aFullStdoutIsAnErrorNotAnEmptySuccess(@TempDir Path dir) throws Exception {
    assumeTrue(Files.isWritable(Path.of("/dev/full")), "/dev/full is not here");
    Cli.Result r =
        GradflowProcess.startInShell(
                dir, "exec >/dev/full", "", "analyze", SPEC, "-q", "--json", "-")
            .await(120)
            .expectCode(2)
            .expectNoStackTrace();
    assertTrue(r.err().contains("No space left on device"), r.err());
  }

  @Test
  void aClosedPipeStopsTrainingWithExitCode141(@TempDir Path dir) throws Exception {
    Cli.Result r =
        GradflowProcess.startInShell(
                dir,
                "true",
                "| head -n 1 >/dev/null",
                "analyze",
                SPEC,
                "-q",
                "--steps",
                "200000",
                "--jsonl",
                "-")
            .await(120)
            .expectNoStackTrace();
    assertEquals(ExitCodes.BROKEN_PIPE, r.code(), r.err());
  }

  /**
   * A tmpfs of 256 KiB, filled up, as root can mount one; skipped where mounting is not allowed.
   */
  @Test
  void aFullDiskKeepsThePreviousReportAndNamesTheFile(@TempDir Path dir) throws Exception {
    Path disk = dir.resolve("disk");
    Files.createDirectories(disk);
    assumeTrue(sh("mount -t tmpfs -o size=256k tmpfs " + disk) == 0, "cannot mount a tmpfs here");
    try {
      Path report = disk.resolve("r.json");
      Files.writeString(report, "{\"old\": true}");
      sh("dd if=/dev/zero of=" + disk.resolve("filler") + " bs=4k 2>/dev/null");
      Cli.Result r =
          GradflowProcess.start(dir, List.of(), "analyze", SPEC, "-q", "--json", report.toString())
              .await(120)
              .expectCode(2)
              .expectNoStackTrace();
      assertTrue(r.err().contains(report.toString()), r.err());
      assertTrue(r.err().contains("No space left on device"), r.err());
      JsonNode kept = Cli.JSON.readTree(Files.readString(report));
      assertTrue(kept.get("old").asBoolean(), "the previous report is intact");
      try (Stream<Path> files = Files.list(disk)) {
        assertEquals(2, files.count(), "no temporary file left beside r.json and the filler");
      }
    } finally {
      sh("umount " + disk);
    }
  }

  private static int sh(String command) throws IOException, InterruptedException {
    return new ProcessBuilder("sh", "-c", command).inheritIO().start().waitFor();
  }
}
