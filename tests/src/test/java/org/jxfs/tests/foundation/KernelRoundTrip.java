// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.foundation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.jxfs.tests.oracle.LoopMount;

/** The kernel uses an image: mount, make a directory and files, write and read back, delete, unmount. */
public final class KernelRoundTrip {
  private KernelRoundTrip() {
  }

  /** mkdir d; write d/f (a few KB), read it back, delete it; unmount. */
  public static void smallFile(Path img, Path mnt) throws IOException {
    byte[] data = new byte[12 * 1024 + 7];
    new Random(img.toString().hashCode()).nextBytes(data);
    try (LoopMount m = LoopMount.mount(img, mnt)) {
      Path d = Files.createDirectory(m.path("d"));
      Path f = Files.write(d.resolve("f"), data);
      assertThat(Files.readAllBytes(f)).isEqualTo(data);
      Files.delete(f);
      assertThat(d.toFile().list()).isEmpty();
    }
  }

  /** Many files, a few MB in all, kept: leaves non-zero LSNs all over the metadata. */
  public static void manyFiles(Path img, Path mnt, int files, int bytesEach) throws IOException {
    Random rnd = new Random(42);
    try (LoopMount m = LoopMount.mount(img, mnt)) {
      for (int i = 0; i < files; i++) {
        Path d = m.path("dir" + (i % 8));
        Files.createDirectories(d);
        byte[] data = new byte[bytesEach + rnd.nextInt(4096)];
        rnd.nextBytes(data);
        Files.write(d.resolve("file" + i), data);
      }
    }
  }
}
