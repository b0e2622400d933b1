// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.oracle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Scratch directories for oracle tests under the module's {@code target/it/}, so {@code mvn clean} removes
 * whatever a crashed run left. The base is {@code -Djxfs.target.dir} (surefire sets it to the module's
 * build directory), else {@code target} under the working directory.
 */
public final class TestDirs {
  private TestDirs() {
  }

  /** {@code <target>/it}. */
  public static Path base() {
    String t = System.getProperty("jxfs.target.dir");
    return (t == null || t.isBlank() ? Path.of("target") : Path.of(t)).toAbsolutePath().normalize().resolve("it");
  }

  /** A fresh directory {@code <target>/it/<name>-<nanotime>}, created. */
  public static Path unique(String name) {
    String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
    try {
      Files.createDirectories(base());
      for (; ; ) {
        Path p = base().resolve(safe + "-" + System.nanoTime());
        try {
          return Files.createDirectory(p);
        } catch (java.nio.file.FileAlreadyExistsException retry) {
          // two calls in one nanosecond tick: try the next
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a test directory under " + base(), e);
    }
  }

  /**
   * Deletes {@code dir} and everything under it, but never crosses into another filesystem: a mount that leaked
   * below it (a {@link LoopMount} not closed) is left alone, and so is the directory holding it.
   * Returns true if {@code dir} is gone.
   */
  public static boolean delete(Path dir) {
    if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return true;
    }
    try {
      Object dev = Files.getAttribute(dir, "unix:dev", java.nio.file.LinkOption.NOFOLLOW_LINKS);
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
          return dev.equals(Files.getAttribute(d, "unix:dev", java.nio.file.LinkOption.NOFOLLOW_LINKS))
              ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
        }

        @Override
        public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(f);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path f, IOException e) {
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException e) {
          try {
            Files.deleteIfExists(d);
          } catch (IOException notEmptyOrBusy) {
            // holds a skipped mount: leave it
          }
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      return false;
    }
    return !Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS);
  }
}
