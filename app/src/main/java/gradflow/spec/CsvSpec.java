package gradflow.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * A CSV file of numbers, one example per row: the {@code label} column holds whole-number class
 * labels (0, 1, ...), every other column is a feature. {@code label} is a column name (needs {@code
 * header}) or a 0-based column index. The test set is {@code testFile} (same columns), or the last
 * {@code testFraction} of the rows after a shuffle by the spec's seed, or none.
 *
 * @param labelIndex the label column's index, or -1 when {@code labelName} names it
 */
public record CsvSpec(
    String file,
    String labelName,
    int labelIndex,
    boolean header,
    String testFile,
    double testFraction,
    ScalingSpec scaling)
    implements DataSpec {
  public CsvSpec {
    if (file == null) throw new IllegalArgumentException("file is required");
    if ((labelName == null) == (labelIndex < 0))
      throw new IllegalArgumentException("give the label column by name or by index");
    if (labelName != null && !header)
      throw new IllegalArgumentException("a label column name needs header: true");
    if (!(testFraction >= 0 && testFraction < 1))
      throw new IllegalArgumentException("test_fraction must be in [0, 1), found " + testFraction);
    if (testFile != null && testFraction > 0)
      throw new IllegalArgumentException("give test_file or test_fraction, not both");
    if (scaling == null) scaling = ScalingSpec.NONE;
  }

  /** The label column in words: "'species'" or "column 4". */
  public String labelText() {
    return labelName != null ? "'" + labelName + "'" : "column " + labelIndex;
  }

  @Override
  public List<String> files() {
    List<String> files = new ArrayList<>(List.of(file));
    if (testFile != null) files.add(testFile);
    return files;
  }
}
