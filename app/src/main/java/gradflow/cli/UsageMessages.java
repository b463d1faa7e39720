package gradflow.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Command-line mistakes in words: a mistyped command or option is named once with picocli's closest
 * suggestion, and the value typed after an unknown option is not listed as a second unknown
 * argument.
 */
final class UsageMessages {
  private UsageMessages() {}

  static String of(ParameterException ex) {
    if (!(ex instanceof UnmatchedArgumentException u) || u.getUnmatched().isEmpty())
      return ex.getMessage();
    String first = u.getUnmatched().get(0);
    List<String> suggestions = u.getSuggestions();
    String what =
        first.startsWith("-")
            ? "unknown option"
            : isTopLevel(ex.getCommandLine()) ? "unknown command" : "unexpected argument";
    String known =
        first.startsWith("-") || !isTopLevel(ex.getCommandLine()) || !suggestions.isEmpty()
            ? ""
            : "; the commands are "
                + String.join(", ", ex.getCommandLine().getSubcommands().keySet());
    return what
        + " '"
        + first
        + "'"
        + (suggestions.isEmpty() ? "" : "; did you mean '" + suggestions.get(0) + "'?")
        + known;
  }

  private static boolean isTopLevel(CommandLine cli) {
    return cli.getParent() == null;
  }
}
