package gradflow.report.ci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 12: when annotations are printed, and how their text is escaped. */
class WorkflowAnnotationsTest {
  @Test
  void onGithubOrWhenAskedOnly() {
    assertFalse(WorkflowAnnotations.wanted(null, Map.of()));
    assertFalse(WorkflowAnnotations.wanted(null, Map.of("GITHUB_ACTIONS", "false")));
    assertTrue(WorkflowAnnotations.wanted(null, Map.of("GITHUB_ACTIONS", "true")));
    assertTrue(WorkflowAnnotations.wanted("github", Map.of()));
    assertFalse(WorkflowAnnotations.wanted("none", Map.of("GITHUB_ACTIONS", "true")));
  }

  @Test
  void messagesAndPropertiesAreEscaped() {
    assertEquals("50%25 dead%0Afix: x, y", WorkflowAnnotations.data("50% dead\nfix: x, y"));
    assertEquals("a%3Ab%2Cc%0D", WorkflowAnnotations.property("a:b,c\r"));
  }

  @Test
  void uriIsRelativeWithForwardSlashesOrAFileUri() {
    assertEquals("configs/my%20net.yaml", new SpecLocations("configs/my net.yaml", Map.of()).uri());
    assertTrue(new SpecLocations("/tmp/x.yaml", Map.of()).uri().startsWith("file:///"));
  }
}
