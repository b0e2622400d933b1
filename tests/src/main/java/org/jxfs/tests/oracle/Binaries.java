// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.oracle;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Where the external tools live. xfsprogs and util-linux install into /usr/sbin and /sbin, which a non-login
 * PATH (IDEs, some CI runners) may lack, so those are searched after PATH.
 */
public final class Binaries {
  private static final ConcurrentMap<String, Optional<Path>> FOUND = new ConcurrentHashMap<>();

  private Binaries() {
  }

  /** The executable called {@code name} on PATH or in the sbin directories, if any. */
  public static Optional<Path> find(String name) {
    return FOUND.computeIfAbsent(name, Binaries::search);
  }

  /** The absolute path of {@code name} if found, else {@code name} itself (the run then fails with exit 127). */
  public static String path(String name) {
    return find(name).map(Path::toString).orElse(name);
  }

  private static Optional<Path> search(String name) {
    Set<String> dirs = new LinkedHashSet<>();
    String pathEnv = System.getenv("PATH");
    if (pathEnv != null) {
      for (String d : pathEnv.split(File.pathSeparator)) {
        if (!d.isEmpty()) {
          dirs.add(d);
        }
      }
    }
    dirs.add("/usr/local/sbin");
    dirs.add("/usr/sbin");
    dirs.add("/sbin");
    dirs.add("/usr/bin");
    dirs.add("/bin");
    for (String d : dirs) {
      Path p = Path.of(d, name);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
