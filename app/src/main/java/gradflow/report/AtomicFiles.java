package gradflow.report;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes files whole or not at all: a temporary file with a unique short name in the target's
 * folder ({@code .gf<8 random>.tmp}), then an atomic move over the target.
 *
 * <ul>
 *   <li>A symlink target is followed: its final target is replaced and the link stays a link.
 *   <li>A target that exists but is not a regular file (device, FIFO, folder) is refused.
 *   <li>The temp file is created without explicit permissions, so the process umask applies (0644
 *       under umask 022); a file being replaced keeps its POSIX permissions.
 * </ul>
 */
public final class AtomicFiles {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final int MAX_LINKS = 40;

  private AtomicFiles() {}

  public static void write(Path target, byte[] content) throws IOException {
    Path file = target(target);
    refuseSpecial(file);
    Path dir = file.getParent();
    Files.createDirectories(dir);
    Path tmp = createTemp(dir, ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) channel.write(buffer);
        channel.force(true); // the rename must never expose an empty file after a crash
      }
      replace(tmp, file);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  public static void write(Path target, String content) throws IOException {
    write(target, content.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The file that writing {@code path} really changes: symlinks followed (a dangling link gives its
   * target), the existing part of the path made real; absolute and normalized.
   */
  public static Path target(Path path) throws IOException {
    Path p = path.toAbsolutePath().normalize();
    for (int hops = 0; hops < MAX_LINKS; hops++) {
      if (!Files.isSymbolicLink(p)) return realOfExistingPart(p);
      p = p.getParent().resolve(Files.readSymbolicLink(p)).normalize();
    }
    throw new FileSystemException(path.toString(), null, "too many levels of symbolic links");
  }

  /** The real path of the longest existing prefix of {@code p}, with the rest appended. */
  private static Path realOfExistingPart(Path p) throws IOException {
    if (Files.exists(p)) return p.toRealPath();
    Path parent = p.getParent();
    if (parent == null) return p;
    return target(parent).resolve(p.getFileName());
  }

  /**
   * Creates an empty file {@code .gf<8 random><suffix>} in {@code dir} with CREATE_NEW, so the
   * umask applies and no two writers ever share a temp file.
   */
  public static Path createTemp(Path dir, String suffix) throws IOException {
    for (int attempt = 0; ; attempt++) {
      Path tmp = dir.resolve(".gf" + randomName(8) + suffix);
      try {
        Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
        return tmp;
      } catch (FileAlreadyExistsException e) {
        if (attempt >= 20) throw e;
      }
    }
  }

  /** {@code length} random lower-case letters and digits. */
  public static String randomName(int length) {
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) s.append(LETTERS.charAt(RANDOM.nextInt(LETTERS.length())));
    return s.toString();
  }

  /**
   * Moves the finished {@code tmp} over {@code file} (already resolved by {@link #target})
   * atomically, giving it the permissions of the file it replaces.
   */
  public static void replace(Path tmp, Path file) throws IOException {
    refuseSpecial(file);
    if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      try {
        Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(file));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: the new file keeps the default mode
      }
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static void refuseSpecial(Path file) throws IOException {
    if (Files.exists(file) && !Files.isRegularFile(file))
      throw new FileSystemException(file.toString(), null, "exists and is not a regular file");
  }

  /**
   * Several files for one folder, written all or none: each goes to a staging folder ({@code
   * .gf<random>.tmp/}) in the target folder, and {@link #commit} moves them in, in the order
   * written (so a manifest written last arrives last). Closing without commit removes them all.
   */
  public static final class FileSet implements Closeable {
    private final Path dir;
    private final Path staging;
    private final List<String> names = new ArrayList<>();
    private boolean committed;

    /** The outermost folder this set created for {@code dir}, or null when dir existed. */
    private final Path created;

    private FileSet(Path dir, Path staging, Path created) {
      this.dir = dir;
      this.staging = staging;
      this.created = created;
    }

    public static FileSet in(Path folder) throws IOException {
      Path dir = target(folder);
      Path created = null;
      for (Path p = dir.toAbsolutePath(); p != null && !Files.exists(p); p = p.getParent())
        created = p;
      Files.createDirectories(dir);
      for (int attempt = 0; ; attempt++) {
        Path staging = dir.resolve(".gf" + randomName(8) + ".tmp");
        try {
          return new FileSet(dir, Files.createDirectory(staging), created);
        } catch (FileAlreadyExistsException e) {
          if (attempt >= 20) throw e;
        }
      }
    }

    /** Stages {@code name} (a plain file name) with {@code content}. */
    public Path write(String name, byte[] content) throws IOException {
      if (names.contains(name)) throw new IllegalArgumentException(name + " written twice");
      Path file = staging.resolve(name);
      try (FileChannel channel =
          FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) channel.write(buffer);
        channel.force(true);
      }
      names.add(name);
      return dir.resolve(name);
    }

    public Path write(String name, String content) throws IOException {
      return write(name, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Moves every staged file into the folder; the files this set moved are removed on failure. */
    public void commit() throws IOException {
      List<Path> moved = new ArrayList<>();
      try {
        for (String name : names) {
          Path file = target(dir.resolve(name));
          replace(staging.resolve(name), file);
          moved.add(file);
        }
        committed = true;
      } finally {
        if (!committed) for (Path file : moved) Files.deleteIfExists(file);
      }
    }

    /** Removes what was staged and, after a failure, the folders this set made if still empty. */
    @Override
    public void close() throws IOException {
      if (Files.exists(staging)) {
        try (Stream<Path> files = Files.walk(staging)) {
          for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
      }
      if (committed || created == null) return;
      for (Path p = dir.toAbsolutePath(); p != null && p.startsWith(created); p = p.getParent()) {
        try (Stream<Path> entries = Files.list(p)) {
          if (entries.findAny().isPresent()) return;
        }
        Files.delete(p);
      }
    }
  }
}
