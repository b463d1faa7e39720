package gradflow.cli;

import static gradflow.cli.Cli.run;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An output that cannot be written is a clear input error (exit 2, no stack trace), found before
 * anything trains; folders that are missing are created.
 */
class OutputPathsTest {
  @TempDir Path dir;

  @Test
  void everyOutputUnderAFileIsRefusedBeforeTraining() throws IOException {
    Path spec = Cli.write(dir, "healthy.yaml", Cli.HEALTHY);
    Path file = Cli.write(dir, "plain-file", "x");
    String under = file.resolve("out").toString(); // a folder inside a regular file: impossible
    List<List<String>> commands =
        List.of(
            List.of("analyze", spec.toString(), "--json", under + "/r.json"),
            List.of("analyze", spec.toString(), "--jsonl", under + "/r.jsonl"),
            List.of("analyze", spec.toString(), "--html", under + "/r.html"),
            List.of("analyze", spec.toString(), "--plots", under),
            List.of("analyze", spec.toString(), "--tensorboard", under),
            List.of("analyze", spec.toString(), "--dump-step", "1", "--dump-dir", under),
            List.of("compare", spec.toString(), "--json", under + "/c.json"),
            List.of("compare", spec.toString(), "--html", under + "/c.html"),
            List.of("compare", spec.toString(), "--tensorboard", under),
            List.of("gradcheck", spec.toString(), "--json", under + "/g.json"));
    for (List<String> args : commands) {
      Cli.Result r =
          run(args.toArray(String[]::new)).expectCode(ExitCodes.INVALID_INPUT).expectNoStackTrace();
      String option = args.get(args.size() - 2);
      assertTrue(r.err().startsWith("error: " + option + " "), args + ": " + r.err());
      assertTrue(r.err().contains("cannot create the folder"), args + ": " + r.err());
      // refused before training: no report table, no comparison table
      assertFalse(r.out().contains("verdict") || r.out().contains("gradflow compare:"), r.out());
    }
  }

  @Test
  void aFileWhereTheFolderShouldBeIsNamed() throws IOException {
    Path spec = Cli.write(dir, "healthy.yaml", Cli.HEALTHY);
    Path file = Cli.write(dir, "plain-file", "x");
    Cli.Result r =
        run("analyze", spec.toString(), "--html", file.resolve("r.html").toString())
            .expectCode(ExitCodes.INVALID_INPUT)
            .expectNoStackTrace();
    assertTrue(r.err().contains("a file is in the way, where a folder should be: "), r.err());
  }

  @Test
  void missingFoldersAreCreated() throws IOException {
    Path spec = Cli.write(dir, "healthy.yaml", Cli.HEALTHY);
    Path json = dir.resolve("a/b/report.json");
    run("analyze", spec.toString(), "-q", "--json", json.toString()).expectCode(ExitCodes.OK);
    assertTrue(Files.size(json) > 100);
  }
}
