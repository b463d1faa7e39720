package gradflow.cli;

import gradflow.report.Verdict;
import java.util.Collection;

/** Process exit codes; also listed in --help. */
public final class ExitCodes {
  public static final int OK = 0; // no findings at or above --fail-on
  public static final int FINDINGS = 1; // the network has problems; the report says which
  public static final int INVALID_INPUT = 2; // bad flags, spec or data, or out of memory
  public static final int INTERNAL = 3; // a gradflow bug: print the trace, ask for a report
  public static final int SIGINT = 130; // interrupted (Ctrl-C): reports cover the steps done
  public static final int SIGTERM = 143; // terminated: as SIGINT
  public static final int BROKEN_PIPE = 141; // stdout's reader left (128 + SIGPIPE, as Unix tools)

  private ExitCodes() {}

  /**
   * The code of runs as the gate judged them: FINDINGS when one failed, else OK (an interrupted run
   * exits with its signal's code, which the command returns before asking this).
   */
  static int of(Collection<Verdict> verdicts) {
    return verdicts.contains(Verdict.FAIL) ? FINDINGS : OK;
  }
}
