package gradflow.layers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every concrete {@link Layer} in gradflow.layers has a case in {@link GradientCases}. */
class LayerCoverageTest {
  private static final String PACKAGE_PATH = "gradflow/layers/";

  @Test
  void everyLayerImplementationHasAGradientCheckCase() throws Exception {
    Set<String> implementations = new TreeSet<>();
    for (String className : classNamesInLayersPackage()) {
      Class<?> c = Class.forName(className, false, Layer.class.getClassLoader());
      if (Layer.class.isAssignableFrom(c)
          && !c.isInterface()
          && !Modifier.isAbstract(c.getModifiers())) {
        implementations.add(c.getName());
      }
    }
    assertTrue(
        implementations.containsAll(Set.of(Dense.class.getName(), Maxout.class.getName())),
        "the scan should find at least Dense and Maxout, found " + implementations);

    Set<String> covered =
        GradientCases.all()
            .map(c -> c.layer().getClass().getName())
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> missing = new TreeSet<>(implementations);
    missing.removeAll(covered);
    assertTrue(
        missing.isEmpty(),
        "Layer implementations without a gradient-check case in GradientCases: " + missing);
  }

  /** Binary names of the compiled classes of gradflow.layers, from a directory or a jar. */
  private static List<String> classNamesInLayersPackage() throws IOException, URISyntaxException {
    Path root = Path.of(Layer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> names = new ArrayList<>();
    if (Files.isDirectory(root)) {
      try (Stream<Path> files = Files.list(root.resolve(PACKAGE_PATH))) {
        files
            .map(f -> f.getFileName().toString())
            .filter(f -> f.endsWith(".class"))
            .forEach(f -> names.add(toClassName(PACKAGE_PATH + f)));
      }
    } else {
      try (JarFile jar = new JarFile(root.toFile())) {
        for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
          String entry = e.nextElement().getName();
          if (entry.startsWith(PACKAGE_PATH)
              && entry.endsWith(".class")
              && entry.indexOf('/', PACKAGE_PATH.length()) < 0) {
            names.add(toClassName(entry));
          }
        }
      }
    }
    assertTrue(!names.isEmpty(), "no classes found for gradflow.layers under " + root);
    return names;
  }

  private static String toClassName(String path) {
    return path.substring(0, path.length() - ".class".length()).replace('/', '.');
  }
}
