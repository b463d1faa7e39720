package gradflow.app;

import gradflow.spec.NetworkSpec;
import gradflow.spec.SweepSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Which variants a comparison runs: every spec times every sweep value. The spec's {@code sweep:}
 * keys come in file order, each replaced by a --sweep of the same key, then the other --sweep keys
 * in the order given; seeds (the spec's {@code sweep: seed}, --seeds or --seed-list) vary fastest.
 * Variants that differ only by seed share a group name; a group name that two files would share
 * gets the second file's path.
 */
public final class VariantPlan {
  private final List<Sweep> sweeps;
  private final Integer seeds;
  private final List<Long> seedList;

  /** One spec file as loaded, with every override applied and its {@code sweep:} still set. */
  public record Source(Path file, String sha256, NetworkSpec spec) {}

  /**
   * One variant before it runs.
   *
   * @param sweep the swept keys and values, in sweep order (seed last)
   * @param group the spec's name and the non-seed sweep values
   */
  public record Variant(
      Path file, String sha256, NetworkSpec spec, Map<String, String> sweep, String group) {
    /** The group name, and the seed when seeds are swept. */
    public String name() {
      return sweep.containsKey("seed") ? group + " seed=" + sweep.get("seed") : group;
    }
  }

  private VariantPlan(List<Sweep> sweeps, Integer seeds, List<Long> seedList) {
    this.sweeps = sweeps;
    this.seeds = seeds;
    this.seedList = seedList;
  }

  /**
   * Checks and keeps the command line's sweeps: {@code sweeps} as {@code KEY=V1,V2,...}, {@code
   * seeds} (N seeds from the spec's, or null) and {@code seedList} (these seeds, or null); at most
   * one of the three may sweep the seed.
   */
  public static VariantPlan of(List<String> sweeps, Integer seeds, List<Long> seedList) {
    List<Sweep> parsed = new ArrayList<>();
    for (String s : sweeps) {
      Sweep sweep = Sweep.parse(s);
      if (parsed.stream().anyMatch(p -> p.key().equals(sweep.key())))
        throw new UsageError("--sweep " + sweep.key() + " is given twice; list all values in one");
      parsed.add(sweep);
    }
    boolean seedSwept = parsed.stream().anyMatch(p -> p.key().equals("seed"));
    if ((seeds != null ? 1 : 0) + (seedList != null ? 1 : 0) + (seedSwept ? 1 : 0) > 1)
      throw new UsageError("use one of --seeds, --seed-list and --sweep seed=...");
    if (seeds != null && seeds < 1)
      throw new UsageError("--seeds must be at least 1, found " + seeds);
    return new VariantPlan(List.copyOf(parsed), seeds, seedList);
  }

  /**
   * The variants of {@code files}, each read by {@code load} in turn. The same file twice would run
   * identical variants and pass them off as seeds of one column, so it is refused before any is
   * read.
   */
  public List<Variant> variants(List<Path> files, Function<Path, Source> load) {
    Set<Path> seen = new HashSet<>();
    for (Path file : files)
      if (!seen.add(file.toAbsolutePath().normalize()))
        throw new UsageError(
            file + " is given twice; list each spec once (--seeds or --sweep make variants)");
    List<Variant> result = new ArrayList<>();
    Map<String, Path> groupFiles = new HashMap<>();
    for (Path file : files) {
      Source source = load.apply(file);
      NetworkSpec base = source.spec();
      List<Sweep> all = combine(base, sweeps);
      Sweep seedSweep = seedSweep(base);
      if (seedSweep != null) {
        all.removeIf(s -> s.key().equals("seed"));
        all.add(seedSweep);
      } else {
        all.sort((a, b) -> Boolean.compare(a.key().equals("seed"), b.key().equals("seed")));
      }
      Source plain = new Source(file, source.sha256(), base.withSweep(SweepSpec.NONE));
      expand(plain, plain.spec(), all, 0, new LinkedHashMap<>(), result, groupFiles);
    }
    return result;
  }

  /** The spec's sweep with each key given on the command line replaced, then the new keys. */
  static List<Sweep> combine(NetworkSpec base, List<Sweep> parsed) {
    List<Sweep> all = new ArrayList<>();
    base.sweep().values().forEach((key, values) -> all.add(new Sweep(key, values)));
    for (Sweep cli : parsed) {
      int at = -1;
      for (int i = 0; i < all.size(); i++) if (all.get(i).key().equals(cli.key())) at = i;
      if (at >= 0) all.set(at, cli);
      else all.add(cli);
    }
    return all;
  }

  /** The seeds of --seeds (from the spec's seed on) or --seed-list, or null for neither. */
  private Sweep seedSweep(NetworkSpec base) {
    List<String> values = new ArrayList<>();
    if (seeds != null) for (int i = 0; i < seeds; i++) values.add(String.valueOf(base.seed() + i));
    else if (seedList != null) for (long s : seedList) values.add(String.valueOf(s));
    else return null;
    if (values.stream().distinct().count() != values.size())
      throw new UsageError("--seed-list: a seed is repeated in " + seedList);
    return new Sweep("seed", values);
  }

  private static void expand(
      Source source,
      NetworkSpec spec,
      List<Sweep> sweeps,
      int depth,
      LinkedHashMap<String, String> assigned,
      List<Variant> result,
      Map<String, Path> groupFiles) {
    if (depth == sweeps.size()) {
      result.add(
          new Variant(
              source.file(),
              source.sha256(),
              spec,
              Collections.unmodifiableMap(new LinkedHashMap<>(assigned)),
              group(spec, assigned, source.file(), groupFiles)));
      return;
    }
    Sweep sweep = sweeps.get(depth);
    for (String value : sweep.values()) {
      assigned.put(sweep.key(), value);
      expand(source, sweep.apply(spec, value), sweeps, depth + 1, assigned, result, groupFiles);
      assigned.remove(sweep.key());
    }
  }

  /** "name key=value ...", without the seed; "[file]" added when another file has the name. */
  private static String group(
      NetworkSpec spec, Map<String, String> assigned, Path file, Map<String, Path> groupFiles) {
    StringBuilder group = new StringBuilder(spec.name());
    assigned.forEach(
        (k, v) -> {
          if (!k.equals("seed")) group.append(' ').append(k).append('=').append(v);
        });
    String g = group.toString();
    Path owner = groupFiles.putIfAbsent(g, file);
    return owner != null && !owner.equals(file) ? g + " [" + file + "]" : g;
  }

  /**
   * A TensorBoard run folder: the variant's position (so that runs sort in the order given and two
   * names that differ only in punctuation cannot collide) and its name in file-safe characters.
   */
  public static String runName(int index, String variantName) {
    return String.format(Locale.ROOT, "%02d_%s", index + 1, fileSafe(variantName));
  }

  /** {@code name} with every run of characters outside [A-Za-z0-9._=-] as one '_'. */
  static String fileSafe(String name) {
    return name.replaceAll("[^A-Za-z0-9._=-]+", "_");
  }
}
