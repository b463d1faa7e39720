package gradflow.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The physical-memory check is turned off by default, and a user's own limit is kept. */
class NativeMemoryTest {
  @Test
  void defaultsToNoPhysicalCheckButKeepsTheUsersLimit() {
    String before = System.getProperty(NativeMemory.PHYSICAL_LIMIT);
    try {
      System.clearProperty(NativeMemory.PHYSICAL_LIMIT);
      NativeMemory.configure();
      assertEquals("0", System.getProperty(NativeMemory.PHYSICAL_LIMIT));
      System.setProperty(NativeMemory.PHYSICAL_LIMIT, "20g");
      NativeMemory.configure();
      assertEquals("20g", System.getProperty(NativeMemory.PHYSICAL_LIMIT));
    } finally {
      if (before == null) System.clearProperty(NativeMemory.PHYSICAL_LIMIT);
      else System.setProperty(NativeMemory.PHYSICAL_LIMIT, before);
    }
  }
}
