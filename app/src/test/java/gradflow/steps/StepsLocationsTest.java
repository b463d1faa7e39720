package gradflow.steps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import gradflow.report.ci.SpecLocations;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where judge's SARIF and annotations point: each layer's first step line, not the header. */
class StepsLocationsTest {
  private static final List<String> LINES =
      List.of(
          "{\"schema\":\"gradflow.steps/1\",\"layers\":[{\"name\":\"fc1\"},{\"name\":\"fc2\"}]}",
          "",
          "{\"step\":0,\"layers\":[{\"name\": \"fc2\",\"mean_abs_grad\":1}]}",
          "{\"step\":1,\"layers\":[{\"name\":\"fc1\"},{\"name\":\"fc2\"}]}");

  @Test
  void eachLayerIsAtTheFirstStepLineThatRecordsIt() {
    SpecLocations at = StepsLocations.of(LINES, "run.jsonl", List.of("fc1", "fc2", "fc3"));
    assertEquals("run.jsonl", at.file());
    assertArrayEquals(new int[] {3, 22}, at.of("fc2")); // spacing after the colon still matches
    assertArrayEquals(new int[] {4, 22}, at.of("fc1")); // left out of step 0
    assertNull(at.of("fc3"), "a layer no step records is located at the file only");
  }

  @Test
  void stdinHasNoFileToPointAt() {
    SpecLocations at = StepsLocations.of(LINES, null, List.of("fc1"));
    assertNull(at.file());
    assertNull(at.of("fc1"));
  }
}
