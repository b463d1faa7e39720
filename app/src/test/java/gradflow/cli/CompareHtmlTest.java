package gradflow.cli;

import static gradflow.cli.Cli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** compare --html and --plots: the variants overlaid, their findings, every chart, Chromium. */
class CompareHtmlTest {
  @TempDir Path dir;

  /** Charts that every comparison of nets with dense layers draws. */
  static final List<String> CHARTS =
      List.of(
          "grad_profile",
          "signal_profile",
          "signal_ratio",
          "grad_ratio",
          "loss",
          "accuracy",
          "dead_saturated",
          "grad_per_layer_group1",
          "grad_per_layer_group2",
          "grad_per_layer_group3");

  /** Two seeds of a sigmoid and a relu sweep of a deep net and of a net with a Maxout layer. */
  private Cli.Result compare(String... outputs) throws IOException {
    Path deep = Cli.write(dir, "deep.yaml", CompareCommandTest.DEEP);
    Path maxout = Cli.write(dir, "maxout.yaml", HtmlReportTest.MAXOUT_NET);
    List<String> args =
        new ArrayList<>(
            List.of(
                "compare",
                deep.toString(),
                maxout.toString(),
                "--sweep",
                "activation=sigmoid,relu",
                "--seeds",
                "2",
                "--steps",
                "20",
                "--fail-on",
                "never",
                "-q"));
    args.addAll(List.of(outputs));
    return run(args.toArray(String[]::new)).expectCode(ExitCodes.OK);
  }

  @Test
  void htmlOverlaysTheVariantsAndShowsEachGroupsFindingsWithRemedies() throws IOException {
    Path html = dir.resolve("out/compare.html");
    Path json = dir.resolve("compare.json");
    Cli.Result r = compare("--html", html.toString(), "--json", json.toString());
    assertEquals("", r.out(), "-q and files only: nothing on stdout");

    String page = Files.readString(html, StandardCharsets.UTF_8);
    assertTrue(page.startsWith("<!DOCTYPE html>") && page.strip().endsWith("</html>"));
    for (String banned :
        List.of("http://", "https://", "<script", "<link", "@import", "<?xml", "<!DOCTYPE svg"))
      assertFalse(page.contains(banned), banned + " in a page meant to need no network");

    List<String> charts = new ArrayList<>(CHARTS);
    charts.add("group4_maxout_maxout_2_wins"); // the Maxout net is group 3 (sigmoid) and 4 (relu)
    charts.add("group3_maxout_maxout_2_wins");
    for (String id : charts) {
      String figure = between(page, "<figure id=\"" + id + "\">", "</figure>");
      assertTrue(figure.contains("<svg") && figure.contains("</svg>"), id + " has no SVG");
      assertTrue(figure.contains("<path") || figure.contains("<rect"), id + " draws nothing");
    }

    JsonNode c = Cli.readJson(Files.readString(json));
    JsonNode groups = c.get("groups");
    assertEquals(4, groups.size());
    for (JsonNode g : groups) {
      String name = g.get("name").asText();
      // chart text is drawn as glyph outlines, so the headings are what can be searched
      assertTrue(page.contains("<h3>" + (g.get("index").asInt() + 1) + ". " + name + "</h3>"));
    }
    // the Maxout groups' findings appear once per (code, layer), counted over the seeds
    JsonNode maxoutGroup = groups.get(3);
    assertTrue(maxoutGroup.get("findings").size() > 0, maxoutGroup.toString());
    for (JsonNode f : maxoutGroup.get("findings"))
      assertTrue(page.contains(f.get("code").asText()));
    assertTrue(page.contains("of 2 seeds; seed "), "findings say how many seeds raised them");
    assertTrue(page.contains("<b>Remedy:</b>"));
    // the variants table carries the same medians as the JSON
    double median = groups.get(0).get("test_accuracy").get("median").asDouble();
    String acc = String.format(Locale.ROOT, "%.0f%%", 100 * median);
    assertTrue(between(page, "<h2>Variants</h2>", "</table>").contains(acc), acc);
  }

  @Test
  void plotsWritesEveryComparisonChartAsPngAndSvgAndNothingElse() throws IOException {
    Path plots = dir.resolve("plots");
    compare("--plots", plots.toString());
    List<String> charts = new ArrayList<>(CHARTS);
    charts.add("group3_maxout_maxout_2_wins");
    charts.add("group4_maxout_maxout_2_wins");
    charts.add("grad_per_layer_group4");
    for (String id : charts) {
      byte[] png = Files.readAllBytes(plots.resolve(id + ".png"));
      assertEquals("PNG", new String(png, 1, 3, StandardCharsets.US_ASCII), id);
      assertTrue(Files.readString(plots.resolve(id + ".svg")).contains("</svg>"), id);
    }
    try (Stream<Path> files = Files.list(plots)) {
      assertEquals(2 * charts.size(), files.count(), "no other files, no temporary leftovers");
    }
  }

  @Test
  void badPicturePathsAreRefusedBeforeAnythingTrains() throws IOException {
    Path deep = Cli.write(dir, "deep.yaml", CompareCommandTest.DEEP);
    Path file = Cli.write(dir, "taken", "x");
    Cli.Result r =
        run("compare", deep.toString(), "--plots", file.toString())
            .expectCode(ExitCodes.INVALID_INPUT)
            .expectNoStackTrace();
    assertTrue(r.err().contains("is a file; give a folder"), r.err());
    r =
        run("compare", deep.toString(), "--html", dir.toString())
            .expectCode(ExitCodes.INVALID_INPUT)
            .expectNoStackTrace();
    assertTrue(r.err().contains("is a folder"), r.err());
  }

  @Test
  void chromiumRendersTheComparison() throws IOException, InterruptedException {
    ChromiumCheck.assumeAvailable();
    Path html = dir.resolve("compare.html");
    compare("--html", html.toString());
    ChromiumCheck.assertRenders(html, dir.resolve("shot.png"));
  }

  private static String between(String s, String from, String to) {
    int a = s.indexOf(from);
    assertTrue(a >= 0, "missing " + from);
    int b = s.indexOf(to, a);
    assertTrue(b >= 0, "unclosed " + from);
    return s.substring(a, b);
  }
}
