package gradflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8: SIGINT and SIGTERM stop a real gradflow process at a step boundary; it says where it
 * stopped and where the partial log is, writes the reports for the steps done with status
 * "interrupted", and exits 130 or 143.
 */
class InterruptTest {
  private static final int STEPS = 100000;

  @TempDir Path dir;

  @Test
  void sigintWritesAnInterruptedReportAndExits130() throws Exception {
    assumeFalse(
        ignoredOnEntry(2), "SIGINT is ignored by this JVM (a background job), and so by the child");
    Cli.Result r = interruptedRun("INT", "--html", dir.resolve("x.html").toString());

    r.expectCode(ExitCodes.SIGINT);
    assertTrue(r.err().contains("(SIGINT)"), r.err());
    assertTrue(Files.readString(dir.resolve("x.html")).contains("INTERRUPTED"));
  }

  @Test
  void sigtermDoesTheSameAndExits143() throws Exception {
    Cli.Result r = interruptedRun("TERM");

    r.expectCode(ExitCodes.SIGTERM);
    assertTrue(r.err().contains("(SIGTERM)"), r.err());
  }

  /** Starts a long analyze, waits for a few logged steps, signals it and checks what it left. */
  private Cli.Result interruptedRun(String signal, String... moreArgs) throws Exception {
    Path jsonl = dir.resolve("x.jsonl");
    Path json = dir.resolve("x.json");
    List<String> args =
        Stream.concat(
                Stream.of(
                    "analyze",
                    "configs/classic-relu.yaml",
                    "--steps",
                    String.valueOf(STEPS),
                    "--jsonl",
                    jsonl.toString(),
                    "--json",
                    json.toString()),
                Stream.of(moreArgs))
            .toList();
    GradflowProcess child = GradflowProcess.start(dir, List.of(), args.toArray(String[]::new));
    Path partial = awaitLines(child, 4); // the header and three logged steps
    child.signal(signal);
    Cli.Result r = child.await(20);

    assertTrue(r.err().contains("gradflow: interrupted at step "), r.err());
    assertTrue(r.err().contains(" of " + STEPS + " "), r.err());
    assertTrue(r.err().contains("partial log: " + partial), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
    assertTrue(Files.exists(partial), "the partial log is kept");
    assertFalse(Files.exists(jsonl), "an interrupted stream is not passed off as the whole run");
    for (String line : Files.readAllLines(partial)) Cli.readJson(line); // whole lines only

    String text = Files.readString(json);
    Cli.assertValidReport(text);
    JsonNode report = Cli.readJson(text);
    assertEquals("interrupted", report.get("status").asText());
    int stepsRun = report.get("training").get("steps_run").asInt();
    assertTrue(stepsRun >= 100 && stepsRun < STEPS, "steps_run " + stepsRun);
    assertEquals(STEPS, report.get("training").get("steps_planned").asInt());
    JsonNode steps = report.get("steps");
    assertEquals(stepsRun - 1, steps.get(steps.size() - 1).get("step").asInt(), "last step logged");
    assertTrue(r.out().contains("interrupted at step " + stepsRun + " of " + STEPS), r.out());
    assertTrue(r.out().contains("verdict: INTERRUPTED"), r.out());
    return r;
  }

  /** The --jsonl partial file once it holds {@code lines} lines (its name is StepLines' choice). */
  private Path awaitLines(GradflowProcess child, int lines) throws Exception {
    long deadline = System.nanoTime() + 15_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (!child.process.isAlive())
        throw new AssertionError("gradflow exited early: " + child.await(1));
      Optional<Path> partial = partialLog();
      if (partial.isPresent() && Files.readAllLines(partial.get()).size() >= lines)
        return partial.get();
      Thread.sleep(50);
    }
    child.process.destroyForcibly();
    throw new AssertionError("no " + lines + " lines in the partial --jsonl log within 15 s");
  }

  private Optional<Path> partialLog() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> f.getFileName().toString().contains("x.jsonl"))
          .filter(f -> !f.getFileName().toString().equals("x.jsonl"))
          .findFirst();
    }
  }

  /** Whether signal {@code number} is ignored in this process, so also in its children. */
  private static boolean ignoredOnEntry(int number) throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) return false;
    for (String line : Files.readAllLines(status))
      if (line.startsWith("SigIgn:"))
        return (Long.parseUnsignedLong(line.substring(7).trim(), 16) >> (number - 1) & 1) == 1;
    return false;
  }
}
