package gradflow.cli;

import gradflow.app.Version;
import gradflow.report.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Writes a man page (troff, section 1) for gradflow and each of its commands from the same picocli
 * model that prints --help: {@code gradflow.1}, {@code gradflow-analyze.1}, ... They are kept in
 * {@code app/src/dist/man/man1/}, which the distribution ships as {@code man/man1/};
 * scripts/update-man-pages.sh rewrites them, and ManPagesTest fails when they differ from what the
 * current commands give, so the pages and --help cannot drift.
 *
 * <p>Why not at build time: running a generator during {@code mvn package} needs the exec or antrun
 * plugin's dependencies, which the offline Maven cache here lacks; and picocli-codegen's generator
 * writes AsciiDoc, which needs asciidoctor to become troff. These pages are plain man(7) macros,
 * which man and groff read.
 */
public final class ManPages {
  private ManPages() {}

  /** {@code args[0]}: the folder to write the pages into. */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) throw new IllegalArgumentException("usage: ManPages OUTPUT_DIR");
    CommandLine root =
        new CommandLine(new Main(System.out, System.err, Interrupts.none(), Map.of()));
    try (AtomicFiles.FileSet files = AtomicFiles.FileSet.in(Path.of(args[0]))) {
      for (CommandLine cl : commands(root))
        files.write(pageName(cl.getCommandSpec()) + ".1", page(cl.getCommandSpec()));
      files.commit();
    }
  }

  /** gradflow and every command under it. */
  static List<CommandLine> commands(CommandLine root) {
    List<CommandLine> all = new ArrayList<>(List.of(root));
    for (CommandLine sub : root.getSubcommands().values())
      if (!sub.getCommandSpec().usageMessage().hidden() && !all.contains(sub)) all.add(sub);
    return all;
  }

  /** "gradflow" or "gradflow-analyze". */
  static String pageName(CommandSpec spec) {
    return spec.qualifiedName("-");
  }

  /** The man page of {@code spec}. */
  static String page(CommandSpec spec) {
    StringBuilder out = new StringBuilder();
    String name = pageName(spec);
    out.append(".TH \"")
        .append(name.toUpperCase(java.util.Locale.ROOT))
        .append("\" 1 \"\" \"gradflow ")
        .append(Version.VALUE)
        .append("\" \"gradflow manual\"\n");
    out.append(".SH NAME\n")
        .append(escape(name))
        .append(" \\- ")
        .append(escape(String.join(" ", spec.usageMessage().header())))
        .append('\n');
    out.append(".SH SYNOPSIS\n.nf\n")
        .append(escape(plainHelp(spec).synopsis(0).strip()))
        .append("\n.fi\n");
    out.append(".SH DESCRIPTION\n");
    for (String paragraph : spec.usageMessage().description())
      out.append(escape(paragraph)).append("\n.PP\n");
    if (!spec.positionalParameters().isEmpty()) {
      out.append(".SH ARGUMENTS\n");
      for (PositionalParamSpec p : spec.positionalParameters())
        item(out, p.paramLabel(), p.description());
    }
    List<OptionSpec> options = spec.options().stream().filter(o -> !o.hidden()).toList();
    if (!options.isEmpty()) {
      out.append(".SH OPTIONS\n");
      for (OptionSpec o : options) {
        String label = String.join(", ", o.names());
        if (o.typeInfo().isBoolean() || o.arity().max() == 0) item(out, label, o.description());
        else item(out, label + "=" + o.paramLabel(), o.description());
      }
    }
    List<String> subs = new ArrayList<>();
    spec.subcommands()
        .forEach(
            (n, sub) -> {
              if (!sub.getCommandSpec().usageMessage().hidden() && !subs.contains(n)) subs.add(n);
            });
    if (!subs.isEmpty()) {
      out.append(".SH COMMANDS\n");
      for (String n : subs) {
        CommandSpec sub = spec.subcommands().get(n).getCommandSpec();
        String see = " See " + pageName(sub) + "(1).";
        item(out, n, new String[] {String.join(" ", sub.usageMessage().header()) + see});
      }
    }
    Map<String, String> exits = spec.usageMessage().exitCodeList();
    if (!exits.isEmpty()) {
      out.append(".SH EXIT STATUS\n");
      exits.forEach((code, meaning) -> item(out, code.strip(), new String[] {meaning}));
    }
    out.append(".SH SEE ALSO\n")
        .append(
            spec.parent() == null
                ? "gradflow COMMAND \\-\\-help, and the README shipped beside bin/.\n"
                : "gradflow(1)\n");
    return out.toString();
  }

  private static void item(StringBuilder out, String term, String[] description) {
    out.append(".TP\n\\fB").append(escape(term)).append("\\fR\n");
    out.append(escape(String.join(" ", description).replace("%n", " "))).append('\n');
  }

  /** The help text picocli prints, without colour. */
  private static CommandLine.Help plainHelp(CommandSpec spec) {
    return new CommandLine.Help(
        spec, CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
  }

  /**
   * Text as troff reads it: backslashes and hyphens escaped, and a line that starts with '.' or
   * '\'' (a request) guarded with \&.
   */
  static String escape(String text) {
    String s = text.replace("\\", "\\e").replace("-", "\\-");
    StringBuilder out = new StringBuilder();
    for (String line : s.split("\n", -1)) {
      if (out.length() > 0) out.append('\n');
      if (line.startsWith(".") || line.startsWith("'")) out.append("\\&");
      out.append(line);
    }
    return out.toString();
  }
}
