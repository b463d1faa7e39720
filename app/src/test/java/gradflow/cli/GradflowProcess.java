package gradflow.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * gradflow as a child process, the way the launcher runs it (same java, same class path), for what
 * only a real process shows: signals, heap limits, System.exit. Streams go to files in a folder of
 * the test's.
 */
final class GradflowProcess {
  final Process process;
  private final Path stdout;
  private final Path stderr;

  private GradflowProcess(Process process, Path stdout, Path stderr) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /** Starts {@code gradflow args} with the JVM options {@code jvm} in {@code dir}. */
  static GradflowProcess start(Path dir, List<String> jvm, String... args) throws IOException {
    return launch(dir, gradflowCommand(jvm, args));
  }

  /**
   * Starts {@code gradflow args} from bash after {@code setup} (e.g. "umask 027"); {@code pipe},
   * when not empty, is the rest of a pipeline that gradflow's stdout feeds ("| head -n 1"), and the
   * child's exit code is then gradflow's own (pipefail is not enough: head's 0 would hide it).
   */
  static GradflowProcess startInShell(Path dir, String setup, String pipe, String... args)
      throws IOException {
    String script = setup + "; \"$@\" " + pipe + (pipe.isEmpty() ? "" : "; exit ${PIPESTATUS[0]}");
    List<String> command = new ArrayList<>(List.of("bash", "-c", script, "gradflow"));
    command.addAll(gradflowCommand(List.of(), args));
    return launch(dir, command);
  }

  private static List<String> gradflowCommand(List<String> jvm, String... args) {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(jvm);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "gradflow.cli.Main"));
    command.addAll(List.of(args));
    return command;
  }

  private static GradflowProcess launch(Path dir, List<String> command) throws IOException {
    Path out = dir.resolve("child.out");
    Path err = dir.resolve("child.err");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(Cli.repoRoot().toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().put("OMP_NUM_THREADS", "1");
    return new GradflowProcess(pb.start(), out, err);
  }

  /** Waits for the exit, at most {@code seconds}, killing the child when it takes longer. */
  Cli.Result await(int seconds) throws IOException, InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError(
          "gradflow did not exit within " + seconds + " s; stderr:\n" + read(stderr));
    }
    return new Cli.Result(process.exitValue(), read(stdout), read(stderr));
  }

  /** Sends {@code signal} ("INT", "TERM") to the child with kill(1). */
  void signal(String signal) throws IOException, InterruptedException {
    Process kill =
        new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid()))
            .redirectErrorStream(true)
            .start();
    if (kill.waitFor() != 0)
      throw new AssertionError(
          "kill -" + signal + " failed: " + new String(kill.getInputStream().readAllBytes()));
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
