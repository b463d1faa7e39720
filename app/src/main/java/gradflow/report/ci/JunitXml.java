package gradflow.report.ci;

import gradflow.probe.CheckInfo;
import gradflow.probe.Checks;
import gradflow.report.Report;
import gradflow.report.TextReport;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code --junit FILE}: the runs as JUnit XML in the Surefire/Jenkins layout that Jenkins, GitLab
 * and most CI servers read. One {@code <testsuite>} per run (per variant in compare), one {@code
 * <testcase>} per check and layer (classname {@code gradflow.<run>.<layer>}, name the finding
 * code); a finding that fails the gate is a {@code <failure>} with the message, the evidence and
 * the remedy; a finding that does not (below fail_on, or known to the baseline) passes and is told
 * in {@code <system-out>}; a disabled check is {@code <skipped>}. With a baseline, one more test
 * case per ratio (classname {@code gradflow.<run>.baseline}), a failure when it regressed.
 */
public final class JunitXml {
  private JunitXml() {}

  public static String render(List<Judged> runs) {
    List<String> suites = new ArrayList<>();
    int tests = 0;
    int failures = 0;
    double time = 0;
    for (Judged run : runs) {
      Suite s = suite(run);
      suites.add(s.xml);
      tests += s.tests;
      failures += s.failures;
      time += seconds(run.report());
    }
    StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.append(
        String.format(
            Locale.ROOT,
            "<testsuites name=\"gradflow\" tests=\"%d\" failures=\"%d\" errors=\"0\" time=\"%.3f\">%n",
            tests,
            failures,
            time));
    suites.forEach(out::append);
    return out.append("</testsuites>\n").toString();
  }

  private record Suite(String xml, int tests, int failures) {}

  private static Suite suite(Judged run) {
    Report r = run.report();
    Set<String> layers = new LinkedHashSet<>();
    for (Report.LayerSummary l : r.layers()) layers.add(l.name());
    for (Report.FindingEntry f : r.findings()) layers.add(f.layer());
    StringBuilder cases = new StringBuilder();
    int tests = 0;
    int failures = 0;
    int skipped = 0;
    for (String layer : layers) {
      for (CheckInfo check : Checks.all()) {
        List<Report.FindingEntry> found =
            r.findings().stream()
                .filter(f -> f.code().equals(check.code()) && f.layer().equals(layer))
                .toList();
        boolean disabled = r.disabledChecks() != null && r.disabledChecks().contains(check.code());
        if (found.isEmpty() && "network".equals(layer)) continue; // network: only what was found
        tests++;
        cases.append(
            String.format(
                "    <testcase name=\"%s\" classname=\"%s\" time=\"0\">",
                attr(check.code()), attr("gradflow." + run.name() + "." + layer)));
        if (disabled) {
          skipped++;
          cases.append("<skipped message=\"disabled with --disable\"/>");
        }
        List<Report.FindingEntry> failing = found.stream().filter(run::fails).toList();
        if (!failing.isEmpty()) {
          failures++;
          Report.FindingEntry f = failing.get(0);
          cases.append(
              String.format(
                  "%n      <failure message=\"%s\" type=\"%s\">%s</failure>%n    ",
                  attr(f.severity().toUpperCase(Locale.ROOT) + " " + f.code() + ": " + f.message()),
                  attr(f.code()),
                  text(body(f))));
        } else if (!found.isEmpty()) {
          StringBuilder note = new StringBuilder();
          for (Report.FindingEntry f : found)
            note.append(
                    r.isKnown(f.code(), f.layer())
                        ? "known (in the baseline): "
                        : "below --fail-on " + r.failOn() + ": ")
                .append(body(f));
          cases.append(
              String.format("%n      <system-out>%s</system-out>%n    ", text(note.toString())));
        }
        cases.append("</testcase>\n");
      }
    }
    if (r.baseline() != null) {
      List<Report.RatioChange> regressed = r.baseline().ratioRegressions(r.failOn());
      for (Report.RatioChange c : r.baseline().ratios()) {
        tests++;
        cases.append(
            String.format(
                "    <testcase name=\"%s\" classname=\"%s\" time=\"0\">",
                attr(c.ratio()), attr("gradflow." + run.name() + ".baseline")));
        if (regressed.contains(c)) {
          failures++;
          cases.append(
              String.format(
                  "%n      <failure message=\"%s\" type=\"REGRESSION\">%s</failure>%n    ",
                  attr("REGRESSION " + c.ratio() + " against the baseline"),
                  text(TextReport.ratioLine("REGRESSION", c, r.baseline().tolerance()).strip())));
        }
        cases.append("</testcase>\n");
      }
    }
    String head =
        String.format(
            Locale.ROOT,
            "  <testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"%d\""
                + " time=\"%.3f\">%n"
                + "    <properties>%n"
                + "      <property name=\"spec\" value=\"%s\"/>%n"
                + "      <property name=\"status\" value=\"%s\"/>%n"
                + "      <property name=\"fail_on\" value=\"%s\"/>%n"
                + "%s"
                + "    </properties>%n",
            attr("gradflow." + run.name()),
            tests,
            failures,
            skipped,
            seconds(r),
            attr(run.locations().file() == null ? "" : run.locations().file()),
            attr(r.status()),
            attr(r.failOn()),
            r.baseline() == null
                ? ""
                : String.format(
                    "      <property name=\"baseline\" value=\"%s\"/>%n",
                    attr(r.baseline().file())));
    return new Suite(head + cases + "  </testsuite>\n", tests, failures);
  }

  /** The message, the evidence and the remedy, as a failure's body. */
  static String body(Report.FindingEntry f) {
    return f.severity().toUpperCase(Locale.ROOT)
        + " "
        + f.code()
        + " at "
        + f.layer()
        + ": "
        + f.message()
        + "\nevidence: "
        + f.evidence()
        + "\nthreshold: "
        + f.threshold()
        + "\nfix: "
        + f.remedy()
        + "\n";
  }

  private static double seconds(Report r) {
    Double t = r.training() == null ? null : r.training().trainSeconds();
    return t == null ? 0 : t;
  }

  /** Text fit for an XML attribute: markup escaped, and characters XML 1.0 cannot hold dropped. */
  static String attr(String s) {
    return text(s).replace("\"", "&quot;").replace("\n", "&#10;");
  }

  static String text(String s) {
    StringBuilder out = new StringBuilder(s.length());
    s.codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                default -> {
                  if (c == '\t'
                      || c == '\n'
                      || c == '\r'
                      || (c >= 0x20 && c != 0xFFFE && c != 0xFFFF)) out.appendCodePoint(c);
                }
              }
            });
    return out.toString();
  }
}
