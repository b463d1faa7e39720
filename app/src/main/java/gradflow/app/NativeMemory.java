package gradflow.app;

/**
 * JavaCPP settings for ND4J's off-heap memory, applied at process start before JavaCPP loads. Its
 * physical-memory guard reads the process's resident size on every allocation, and ND4J allocates
 * several buffers per op: on the classic benchmark net that read took 29% of the training thread's
 * native samples (JFR), and turning it off took training from 72k to 107k examples a second
 * (scripts/bench.sh). The off-heap limit (org.bytedeco.javacpp.maxBytes, by default the heap's
 * -Xmx) still holds; a user's own -Dorg.bytedeco.javacpp.maxPhysicalBytes wins.
 */
public final class NativeMemory {
  static final String PHYSICAL_LIMIT = "org.bytedeco.javacpp.maxPhysicalBytes";

  private NativeMemory() {}

  /** Turns the per-allocation physical-memory check off unless the user set a limit. */
  public static void configure() {
    if (System.getProperty(PHYSICAL_LIMIT) == null) System.setProperty(PHYSICAL_LIMIT, "0");
  }
}
