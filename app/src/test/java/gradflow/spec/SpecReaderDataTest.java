package gradflow.spec;

import static gradflow.spec.SpecReaderErrorTest.assertAt;
import static gradflow.spec.SpecReaderErrorTest.only;
import static gradflow.spec.SpecReaderErrorTest.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Binding the npy, csv and idx data kinds: paths resolved, settings checked where written. */
class SpecReaderDataTest {
  private static final String TAIL = "layers:\n  - dense: {units: 2, activation: softmax}\n";

  private static String spec(String data) {
    return "input: [4]\ndata: " + data + "\n" + TAIL;
  }

  @Test
  void bindsNpyWithPathsResolvedAgainstTheSpec() {
    NetworkSpec s =
        SpecReader.parse(
            spec("{npy: {x: x.npy, y: /abs/y.npy, scale: 255, standardize: true}}"),
            "net.yaml",
            Path.of("/data/specs"));
    NpySpec npy = (NpySpec) s.data();
    assertEquals("/data/specs/x.npy", npy.x());
    assertEquals("/abs/y.npy", npy.y());
    assertNull(npy.testX());
    assertEquals(new ScalingSpec(255, true), npy.scaling());
    assertEquals(List.of("/data/specs/x.npy", "/abs/y.npy"), npy.files());
  }

  @Test
  void bindsCsvByNameOrIndexAndIdx() {
    CsvSpec byName =
        (CsvSpec)
            SpecReader.parse(
                    spec("{csv: {file: d.csv, label: species, test_fraction: 0.2}}"), "n", null)
                .data();
    assertEquals("species", byName.labelName());
    assertTrue(byName.header());
    assertEquals(0.2, byName.testFraction());
    CsvSpec byIndex =
        (CsvSpec)
            SpecReader.parse(spec("{csv: {file: d.csv, label: 3, header: false}}"), "n", null)
                .data();
    assertEquals(3, byIndex.labelIndex());
    assertEquals(ScalingSpec.NONE, byIndex.scaling());
    IdxSpec idx =
        (IdxSpec)
            SpecReader.parse(spec("{idx: {train_images: a, train_labels: b}}"), "n", null).data();
    assertEquals("a", idx.trainImages());
    assertNull(idx.testImages());
  }

  @Test
  void testInputsNeedTheirLabels() {
    SpecProblem p = only(spec("{npy: {x: x.npy, y: y.npy, test_x: tx.npy}}"));
    assertAt(p, 2, 42, "data.npy", "test_x needs test_y");
    assertTrue(p.hint().contains("give both test_x and test_y, or neither"), p.hint());
  }

  @Test
  void missingFileAndMisspeltKey() {
    List<SpecProblem> ps = problems(spec("{npy: {x: x.npy, why: y.npy}}"));
    assertEquals(2, ps.size(), () -> new SpecException(ps).render());
    assertAt(ps.get(0), 2, 13, "data.npy", "missing required key 'y'");
    assertTrue(ps.get(1).message().startsWith("unknown key 'why'"), ps.get(1).message());
  }

  @Test
  void csvTestFileAndFractionExcludeEachOther() {
    SpecProblem p =
        only(spec("{csv: {file: d.csv, label: 0, test_file: t.csv, test_fraction: 0.2}}"));
    assertAt(p, 2, 70, "data.csv", "give test_file or test_fraction, not both");
  }

  @Test
  void csvLabelNameNeedsAHeaderAndFractionBelowOne() {
    SpecProblem p = only(spec("{csv: {file: d.csv, label: species, header: false}}"));
    assertAt(p, 2, 34, "data.csv", "label names a column ('species') but header is false");
    p = only(spec("{csv: {file: d.csv, label: 0, test_fraction: 1}}"));
    assertAt(p, 2, 52, "data.csv", "test_fraction must be below 1, found 1");
    p = only(spec("{csv: {file: d.csv, label: -1}}"));
    assertAt(p, 2, 34, "data.csv", "label must be at least 0, found -1");
  }

  @Test
  void scaleMustBePositive() {
    SpecProblem p = only(spec("{idx: {train_images: a, train_labels: b, scale: 0}}"));
    assertAt(p, 2, 55, "data.idx", "scale must be greater than 0, found 0");
  }

  @Test
  void unknownKindListsTheNewOnes() {
    SpecProblem p = only(spec("{nyp: {x: x.npy}}"));
    assertAt(p, 2, 8, "", "unknown data source 'nyp'; did you mean 'npy'?");
  }
}
