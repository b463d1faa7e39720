package gradflow.cli;

import static gradflow.cli.Cli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --html and --plots on a small net with a sigmoid layer and a Maxout layer whose pieces differ.
 */
class HtmlReportTest {
  @TempDir Path dir;

  /** A sigmoid layer (saturation), a Maxout layer with spread biases (findings), softmax. */
  static final String MAXOUT_NET =
      Cli.blobsHead("blobs-maxout-html")
          + "layers:\n"
          + "  - dense: {units: 12, activation: sigmoid}\n"
          + "  - maxout: {units: 6, k: 3, bias_init: {uniform: [0, 40]}}\n"
          + "  - dense: {units: 3, activation: softmax}\n"
          + "optimizer: {adam: {lr: 0.01}}\n"
          + "train: {steps: 40, batch: 32, log_every: 5}\n";

  static final List<String> CHARTS =
      List.of(
          "grad_per_layer",
          "profile",
          "signal_attribution",
          "signal_per_layer",
          "dead_saturated",
          "loss_accuracy",
          "accuracy", // its loss falls more than tenfold: loss on a log axis, accuracy apart
          "maxout_maxout_2_wins");

  @Test
  void aFindingLinksToItsChartWithItsEpisodeShaded() throws IOException {
    Path html = dir.resolve("sigmoid.html");
    String spec = Cli.repoRoot().resolve("configs/classic-sigmoid.yaml").toString();
    run("analyze", spec, "--steps", "300", "-q", "--html", html.toString())
        .expectCode(ExitCodes.FINDINGS);
    String page = Files.readString(html, StandardCharsets.UTF_8);
    String finding = between(page, "<span class=\"code\">VANISHING_GRADIENT</span>", "</div>\n");
    assertTrue(
        finding.contains(
            "<a href=\"#signal_per_layer\">See the chart: Backpropagated signal per layer</a>"
                + " (VANISHING_GRADIENT steps 0-299 shaded)"),
        finding);
    String chart = between(page, "<figure id=\"signal_per_layer\">", "</figure>");
    // the band in the error colour (#c62828), which no layer's line has
    assertTrue(chart.contains("rgb(198,40,40)"), "the episode is shaded");
    assertFalse(
        between(page, "<figure id=\"grad_per_layer\">", "</figure>").contains("rgb(198,40,40)"),
        "only on the chart the finding links to");
  }

  @Test
  void aHealthyRunHasNoLinksOrBands() throws IOException {
    Path spec = Cli.write(dir, "healthy.yaml", Cli.HEALTHY);
    Path html = dir.resolve("healthy.html");
    run("analyze", spec.toString(), "-q", "--html", html.toString()).expectCode(ExitCodes.OK);
    String page = Files.readString(html, StandardCharsets.UTF_8);
    assertFalse(page.contains("chart-link"), "no finding, no link");
    assertFalse(page.contains("rgb(198,40,40)"), "no band");
  }

  @Test
  void htmlIsOneSelfContainedPageWithEveryChartAndTheFindings() throws IOException {
    Path spec = Cli.write(dir, "maxout.yaml", MAXOUT_NET);
    Path html = dir.resolve("out/report.html");

    Cli.Result r =
        run("analyze", spec.toString(), "--html", html.toString(), "--fail-on", "never", "-q")
            .expectCode(ExitCodes.OK);
    assertEquals("", r.out());

    String page = Files.readString(html, StandardCharsets.UTF_8);
    assertTrue(page.startsWith("<!DOCTYPE html>"), page.substring(0, 80));
    assertTrue(page.strip().endsWith("</html>"));
    assertTrue(page.contains("<title>gradflow: blobs-maxout-html</title>"));
    // the per-layer charts' captions name the layer behind each index of their x axis
    assertTrue(page.contains("Layers: 1 dense_1, 2 maxout_2, 3 dense_3."), "layer names");
    // nothing to fetch: no address at all, no scripts, no external style sheets or fonts
    assertFalse(page.contains("http://"), "http:// in the page");
    assertFalse(page.contains("https://"), "https:// in the page");
    assertFalse(page.contains("<script"), "script in the page");
    assertFalse(page.contains("<link"), "link element in the page");
    assertFalse(page.contains("@import") || page.contains("@font-face"));
    assertFalse(page.contains("<?xml") || page.contains("<!DOCTYPE svg"));

    // every chart is a figure holding an inline SVG with drawn content
    for (String id : CHARTS) {
      String figure = between(page, "<figure id=\"" + id + "\">", "</figure>");
      assertTrue(figure.contains("<svg"), id + " has no <svg>");
      assertTrue(figure.contains("</svg>"), id + " has an unclosed <svg>");
      assertTrue(figure.contains("<path") || figure.contains("<rect"), id + " draws nothing");
    }
    assertEquals(CHARTS.size(), count(page, "<svg"), "one SVG per chart");
    // ids are unique across the inline SVGs (clip paths of one chart must not clip another)
    Matcher ids = Pattern.compile("\\bid=\"([^\"]+)\"").matcher(page);
    java.util.Set<String> seen = new java.util.HashSet<>();
    while (ids.find()) assertTrue(seen.add(ids.group(1)), "duplicate id " + ids.group(1));

    // the findings, each with its remedy, coloured by severity
    Cli.Result json =
        run("analyze", spec.toString(), "--json", "-", "--fail-on", "never", "-q")
            .expectCode(ExitCodes.OK);
    var findings = Cli.readJson(json.out()).get("findings");
    assertTrue(findings.size() > 0, "the spec should give findings");
    assertTrue(page.contains("MAXOUT_DOMINANT_PIECE"), "maxout finding missing");
    for (var f : findings) {
      assertTrue(page.contains(f.get("code").asText()), f.toString());
      assertTrue(
          page.contains("<div class=\"finding " + f.get("severity").asText() + "\">"),
          f.toString());
      assertTrue(page.contains(HtmlEsc.esc(f.get("remedy").asText())), "remedy of " + f);
    }
    assertEquals(findings.size(), count(page, "<div class=\"finding "));
    // the per-layer table
    assertTrue(page.contains("<td class=\"l\">maxout_2</td>"), "layer table");
  }

  @Test
  void plotsWritesEveryChartAsPngAndSvg() throws IOException {
    Path spec = Cli.write(dir, "maxout.yaml", MAXOUT_NET);
    Path plots = dir.resolve("plots");

    run("analyze", spec.toString(), "--plots", plots.toString(), "--fail-on", "never", "-q")
        .expectCode(ExitCodes.OK);

    for (String id : CHARTS) {
      byte[] png = Files.readAllBytes(plots.resolve(id + ".png"));
      assertTrue(png.length > 1000, id + ".png is too small");
      assertEquals((byte) 0x89, png[0]);
      assertEquals("PNG", new String(png, 1, 3, StandardCharsets.US_ASCII));
      String svg = Files.readString(plots.resolve(id + ".svg"));
      assertTrue(svg.contains("<svg") && svg.contains("</svg>"), id + ".svg");
    }
    try (Stream<Path> files = Files.list(plots)) {
      assertEquals(2 * CHARTS.size(), files.count(), "no other files, no temporary leftovers");
    }
  }

  @Test
  void aRunThatBlowsUpStillGetsItsPageAndPlots() throws IOException {
    Path spec = Cli.write(dir, "nan.yaml", Cli.BLOWS_UP);
    Path html = dir.resolve("nan.html");
    Path plots = dir.resolve("plots");

    run("analyze", spec.toString(), "--html", html.toString(), "--plots", plots.toString(), "-q")
        .expectCode(ExitCodes.FINDINGS)
        .expectNoStackTrace();

    String page = Files.readString(html);
    assertTrue(page.contains("NaN/Inf at step"), "the stop is in the summary");
    assertTrue(page.contains("<div class=\"finding error\">"), "the error finding");
    assertTrue(page.contains("<span class=\"verdict fail\">FAIL</span>"));
    assertTrue(Files.exists(plots.resolve("loss_accuracy.png")));
  }

  /** Without --html and --plots, neither AWT nor XChart is loaded: the pictures cost nothing. */
  @Test
  void aPlainAnalyzeLoadsNoChartClasses() throws IOException, InterruptedException {
    Path spec = Cli.write(dir, "healthy.yaml", Cli.HEALTHY);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p =
        new ProcessBuilder(
                java.toString(),
                "-verbose:class",
                "-cp",
                System.getProperty("java.class.path"),
                "gradflow.cli.Main",
                "analyze",
                spec.toString(),
                "-q")
            .redirectErrorStream(true)
            .start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), () -> log.substring(Math.max(0, log.length() - 3000)));
    assertTrue(log.contains("gradflow.cli.AnalyzeCommand"), "the class log is there");
    for (String prefix :
        List.of(" org.knowm.", " java.awt.", " gradflow.report.Charts", " gradflow.report.Html"))
      assertFalse(log.contains(prefix), prefix.strip() + " was loaded");
  }

  @Test
  void aPlotsPathThatIsAFileIsAUserError() throws IOException {
    Path spec = Cli.write(dir, "maxout.yaml", MAXOUT_NET);
    Path file = Cli.write(dir, "taken", "x");
    run("analyze", spec.toString(), "--plots", file.toString())
        .expectCode(ExitCodes.INVALID_INPUT)
        .expectNoStackTrace();
  }

  /**
   * Opens the page in headless Chromium through scripts/check-html.sh: no console errors, and the
   * screenshot is not blank. Skipped where /usr/bin/chromium is not installed.
   */
  @Test
  void chromiumRendersThePage() throws IOException, InterruptedException {
    ChromiumCheck.assumeAvailable();
    Path spec = Cli.write(dir, "maxout.yaml", MAXOUT_NET);
    Path html = dir.resolve("report.html");
    run("analyze", spec.toString(), "--html", html.toString(), "--fail-on", "never", "-q")
        .expectCode(ExitCodes.OK);
    ChromiumCheck.assertRenders(html, dir.resolve("shot.png"));
  }

  private static String between(String s, String from, String to) {
    int a = s.indexOf(from);
    assertTrue(a >= 0, "missing " + from);
    int b = s.indexOf(to, a);
    assertTrue(b >= 0, "unclosed " + from);
    return s.substring(a, b);
  }

  private static int count(String s, String what) {
    int n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) n++;
    return n;
  }

  /** The page's escaping, for comparing texts that hold quotes or angle brackets. */
  private static final class HtmlEsc {
    static String esc(String s) {
      return s.replace("&", "&amp;")
          .replace("<", "&lt;")
          .replace(">", "&gt;")
          .replace("\"", "&quot;")
          .replace("'", "&#39;");
    }
  }
}
