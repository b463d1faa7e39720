package gradflow.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ScalarColumnsTest {
  @Test
  void skipsTheOpeningQuote() {
    String line = "a: \"x +\"";
    assertEquals(5, ScalarColumns.fileColumn(line, 4, 0)); // x
    assertEquals(8, ScalarColumns.fileColumn(line, 4, 3)); // just past the end: the closing quote
  }

  @Test
  void plainScalarsMapOneToOne() {
    assertEquals(6, ScalarColumns.fileColumn("a: x +", 4, 2));
  }

  @Test
  void escapesTakeMoreColumnsThanCharacters() {
    // a 4-hex-digit escape, an escaped quote, a 2-hex-digit escape, then $
    String line = "a: \"\\u00e9\\\"\\x41$\"";
    assertEquals(17, ScalarColumns.fileColumn(line, 4, 3)); // $
    assertEquals(9, ScalarColumns.fileColumn("a: 'it''s'", 4, 3)); // s
  }

  @Test
  void fallsBackToTheValueStartOffTheLine() {
    assertEquals(4, ScalarColumns.fileColumn("a: \"x +", 4, 10)); // continues on the next line
    assertEquals(4, ScalarColumns.fileColumn("a: |", 4, 1)); // block scalar
    assertEquals(4, ScalarColumns.fileColumn(null, 4, 1));
  }
}
