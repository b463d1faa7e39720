package gradflow.spec;

import java.util.Locale;

/**
 * How much memory a spec may need, checked by the reader against its {@link MemoryEstimate}. The
 * JVM's limits split in two: the Java heap (arrays made in Java) and off-heap memory (ND4J arrays);
 * each part of the estimate is compared with its own limit. {@code --max-memory SIZE} replaces both
 * by one budget for the whole estimate.
 *
 * @param heapBytes the heap limit, or the --max-memory budget when {@code fromOption}
 * @param offHeapBytes the off-heap limit (ignored when {@code fromOption})
 * @param fromOption whether the user gave the limit with --max-memory
 */
public record MemoryLimit(long heapBytes, long offHeapBytes, boolean fromOption) {
  /** No limit: for specs read by code that trains nothing. */
  public static final MemoryLimit NONE = new MemoryLimit(Long.MAX_VALUE, Long.MAX_VALUE, false);

  /** A --max-memory budget for the whole estimate. */
  public static MemoryLimit of(long bytes) {
    return new MemoryLimit(bytes, bytes, true);
  }

  /** Why {@code e} does not fit, as "needs about ..., more than ...", or null when it fits. */
  public String refusal(MemoryEstimate e) {
    if (fromOption)
      return e.totalBytes() <= heapBytes
          ? null
          : needs(
              e.totalBytes(), " (" + e.breakdown() + ")", heapBytes, " given with --max-memory");
    if (e.offHeapBytes() > offHeapBytes)
      return needs(
          e.offHeapBytes(),
          " of off-heap memory (" + e.breakdown() + ")",
          offHeapBytes,
          " this JVM can use for ND4J arrays");
    if (e.heapBytes() > heapBytes)
      return needs(
          e.heapBytes(),
          " of Java heap (initial values and data, before they move to ND4J)",
          heapBytes,
          " heap this JVM can use");
    return null;
  }

  private static String needs(double bytes, String what, double limit, String whose) {
    return "this network needs about "
        + bytes(bytes)
        + what
        + ", more than the "
        + bytes(limit)
        + whose;
  }

  /** Parses a --max-memory value: a whole number with an optional k, m, g or t (powers of 1024). */
  public static long parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.endsWith("b")) t = t.substring(0, t.length() - 1);
    int shift = 0;
    if (!t.isEmpty()) {
      switch (t.charAt(t.length() - 1)) {
        case 'k' -> shift = 10;
        case 'm' -> shift = 20;
        case 'g' -> shift = 30;
        case 't' -> shift = 40;
        default -> shift = -1;
      }
      if (shift >= 0) t = t.substring(0, t.length() - 1);
      else shift = 0;
    }
    long n;
    try {
      n = Long.parseLong(t);
    } catch (NumberFormatException ex) {
      throw new IllegalArgumentException(
          "--max-memory takes a size such as 512m or 8g, found '" + text + "'");
    }
    if (n < 1 || n > (Long.MAX_VALUE >> shift))
      throw new IllegalArgumentException(
          "--max-memory must be at least 1 byte and below 8 EiB, found '" + text + "'");
    return n << shift;
  }

  /** Bytes for people: "24.3 GiB", "512.0 MiB", "100 B". */
  public static String bytes(double n) {
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    if (n < 1024) return String.format(Locale.ROOT, "%.0f B", n);
    int u = -1;
    while (n >= 1024 && u < units.length - 1) {
      n /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", n, units[u]);
  }
}
