package gradflow.data;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import gradflow.spec.CsvSpec;
import gradflow.text.DidYouMean;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Loads {@code data: {csv: ...}} with jackson-dataformat-csv (quotes, CRLF, a UTF-8 BOM and blank
 * lines handled): every row has the same number of cells, the label column holds whole numbers 0,
 * 1, ..., every other cell a finite number. Errors name the file, the line and the column.
 */
final class CsvLoader {
  private static final CsvMapper MAPPER =
      CsvMapper.builder()
          .enable(CsvParser.Feature.WRAP_AS_ARRAY)
          .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
          .enable(CsvParser.Feature.TRIM_SPACES)
          .build();

  /** Decimal numbers only: Java's parser would also take hex, "1f" and "1d". */
  private static final java.util.regex.Pattern NUMBER =
      java.util.regex.Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  private static final long MAX_VALUES = Integer.MAX_VALUE - 8;

  private CsvLoader() {}

  static FileSets load(CsvSpec spec, List<Integer> input, long seed) {
    Path file = Path.of(spec.file());
    Table table = read(file, spec, null);
    long[] example = {table.width - 1};
    FileData.checkShape(
        file, example, table.labels.size(), input, " (the file has " + table.width + " columns)");
    FileData.notEmpty(file, table.labels.size());
    FileData.Rows train;
    FileData.Rows test = null;
    if (spec.testFile() != null) {
      train = table.rows(file, null, false);
      test =
          read(Path.of(spec.testFile()), spec, table).rows(Path.of(spec.testFile()), null, false);
    } else if (spec.testFraction() > 0) {
      boolean[] inTest = split(file, table.labels.size(), spec.testFraction(), seed);
      train = table.rows(file, inTest, false);
      test = table.rows(file, inTest, true);
    } else {
      train = table.rows(file, null, false);
    }
    int classes = FileData.classes(train.labels(), test == null ? new int[0] : test.labels());
    return new FileSets(train, test, classes, file);
  }

  /** A test mask of round(n * fraction) rows, drawn by the seed; both sides keep file order. */
  private static boolean[] split(Path file, int n, double fraction, long seed) {
    int testCount = (int) Math.round(n * fraction);
    if (testCount < 1 || testCount >= n) {
      throw new DataException(
          String.format(
              "%s: test_fraction %s of %d rows leaves %d for testing and %d for training;"
                  + " both need at least one row",
              file, FileData.format(fraction), n, testCount, n - testCount));
    }
    int[] order = new int[n];
    for (int i = 0; i < n; i++) order[i] = i;
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) { // Fisher-Yates
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    boolean[] inTest = new boolean[n];
    for (int i = 0; i < testCount; i++) inTest[order[i]] = true;
    return inTest;
  }

  /** The cells of one file, parsed: features row by row and the labels. */
  private static final class Table {
    final List<float[]> features = new ArrayList<>();
    final List<Integer> labels = new ArrayList<>();
    String[] names;
    int width = -1;
    int labelColumn = -1;

    FileData.Rows rows(Path file, boolean[] mask, boolean keep) {
      int f = width - 1;
      int n = 0;
      for (int i = 0; i < labels.size(); i++) if (mask == null || mask[i] == keep) n++;
      float[] values = new float[n * f];
      int[] kept = new int[n];
      int r = 0;
      for (int i = 0; i < labels.size(); i++) {
        if (mask != null && mask[i] != keep) continue;
        System.arraycopy(features.get(i), 0, values, r * f, f);
        kept[r++] = labels.get(i);
      }
      return new FileData.Rows(file, values, n, f, kept);
    }
  }

  private static Table read(Path file, CsvSpec spec, Table train) {
    DataFiles.requireRegularFile(
        file, DataFiles.FIX_SPEC_PATH); // before opening: opening a FIFO would block
    Table table = new Table();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        MappingIterator<String[]> it =
            MAPPER.readerFor(String[].class).with(CsvSchema.emptySchema()).readValues(in)) {
      while (it.hasNextValue()) {
        int line = it.getCurrentLocation().getLineNr(); // where this row starts
        String[] row = it.nextValue();
        if (table.width < 0) {
          if (row.length > 0) row[0] = row[0].replace("\uFEFF", "");
          start(file, spec, table, row, train);
          if (spec.header()) continue;
        }
        add(file, table, row, line);
      }
    } catch (com.fasterxml.jackson.databind.RuntimeJsonMappingException e) {
      throw new DataException(file + ": not a readable CSV file (" + e.getMessage() + ")", e);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new DataException(
          file + ": not a readable CSV file (" + e.getOriginalMessage() + ")", e);
    } catch (java.nio.charset.MalformedInputException e) {
      throw new DataException(file + ": not UTF-8 text; save the CSV as UTF-8", e);
    } catch (IOException e) {
      throw DataFiles.failure(file, e, DataFiles.FIX_SPEC_PATH);
    }
    if (table.width < 0) {
      throw new DataException(file + ": is empty; expected rows of numbers");
    }
    return table;
  }

  /** Reads the first row: the width, and the label column by name or index. */
  private static void start(Path file, CsvSpec spec, Table table, String[] first, Table train) {
    table.width = first.length;
    table.names = spec.header() ? first : null;
    if (first.length < 2) {
      throw new DataException(
          file + ": the first row has " + first.length + " column, expected a label and features");
    }
    if (train != null && train.width != first.length) {
      throw new DataException(
          String.format(
              "%s: has %d columns, the training file %s has %d; they must have the same columns",
              file, first.length, spec.file(), train.width));
    }
    if (spec.labelName() != null) {
      List<String> names = Arrays.asList(first);
      table.labelColumn = names.indexOf(spec.labelName());
      if (table.labelColumn < 0) {
        String near = DidYouMean.suggestion(spec.labelName(), names);
        throw new DataException(
            String.format(
                "%s: no column named '%s' in the header%s; the columns are %s",
                file, spec.labelName(), near, String.join(", ", names)));
      }
    } else {
      if (spec.labelIndex() >= first.length) {
        throw new DataException(
            String.format(
                "%s: label column %d does not exist, the rows have %d columns (0 to %d)",
                file, spec.labelIndex(), first.length, first.length - 1));
      }
      table.labelColumn = spec.labelIndex();
    }
  }

  private static void add(Path file, Table table, String[] row, int line) {
    if (row.length != table.width) {
      throw new DataException(
          String.format(
              "%s: line %d has %d columns, expected %d like the first row; every row needs a"
                  + " label and the same features",
              file, line, row.length, table.width));
    }
    if ((long) (table.labels.size() + 1) * (table.width - 1) > MAX_VALUES) {
      throw new DataException(file + ": more than " + MAX_VALUES + " values; use a smaller file");
    }
    float[] features = new float[table.width - 1];
    int at = 0;
    for (int c = 0; c < row.length; c++) {
      double v = number(file, table, row[c], line, c);
      if (c == table.labelColumn) {
        table.labels.add(FileData.label(v, where(file, table, line, c)));
      } else if (!Double.isFinite(v)) {
        throw new DataException(
            where(file, table, line, c)
                + ": '"
                + row[c]
                + "' is not a finite number; replace or drop missing and infinite values");
      } else {
        features[at++] = (float) v;
      }
    }
    table.features.add(features);
  }

  private static double number(Path file, Table table, String cell, int line, int column) {
    if (NUMBER.matcher(cell).matches()) return Double.parseDouble(cell);
    String word = cell.toLowerCase(java.util.Locale.ROOT);
    if (word.equals("nan") || word.equals("+nan") || word.equals("-nan")) return Double.NaN;
    if (word.matches("[+]?inf(inity)?")) return Double.POSITIVE_INFINITY;
    if (word.matches("-inf(inity)?")) return Double.NEGATIVE_INFINITY;
    {
      String what = cell.isEmpty() ? "an empty cell" : "'" + cell + "'";
      throw new DataException(
          where(file, table, line, column)
              + ": "
              + what
              + " is not a number; every cell but the header must be a number"
              + (table.names == null && line == 1
                  ? " (does the file have a header? set header: true)"
                  : ""));
    }
  }

  private static String where(Path file, Table table, int line, int column) {
    String name = table.names == null ? "" : " ('" + table.names[column] + "')";
    return file + ": line " + line + ", column " + column + name;
  }
}
