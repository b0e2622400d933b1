// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.oracle;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kernel's XFS on an image: {@code mount -o loop}. {@link #close()} always undoes exactly what
 * {@link #mount} did: unmounts (retrying; {@code umount -l} only as the last resort), detaches the loop device
 * if it is still bound to this image, and removes the mount directory if this class created it and it is empty.
 * It never unmounts or detaches anything it did not set up. Mounts still open when the JVM exits are closed by a
 * shutdown hook, so an aborted test run does not leave loop devices behind.
 * <pre>{@code
 * try (LoopMount m = LoopMount.mount(img, dir.resolve("mnt"))) {
 *   Files.writeString(m.path("f"), "hello");      // java.nio on the mounted tree is the kernel's XFS
 * }
 * }</pre>
 */
public final class LoopMount implements AutoCloseable {
  private static final Duration CMD_TIMEOUT = Duration.ofSeconds(60);
  private static final int UMOUNT_ATTEMPTS = 6;
  private static final Set<LoopMount> OPEN = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      for (LoopMount m : OPEN) {
        try {
          m.close();
        } catch (RuntimeException e) {
          System.err.println("LoopMount shutdown hook: " + e.getMessage());
        }
      }
    }, "LoopMount cleanup"));
  }

  private final Path image;
  private final Path mountDir;
  private final String device;
  private final boolean createdDir;
  private boolean closed;

  private LoopMount(Path image, Path mountDir, String device, boolean createdDir) {
    this.image = image;
    this.mountDir = mountDir;
    this.device = device;
    this.createdDir = createdDir;
  }

  /**
   * {@code mount -o loop[,opts] IMG DIR}, creating DIR if needed. Refuses a DIR that is already a mount point.
   * Throws {@link IllegalStateException} with mount's output and the kernel log's tail if the mount fails.
   */
  public static LoopMount mount(Path img, Path mountDir, String... opts) {
    Path image = img.toAbsolutePath().normalize();
    Path dir = mountDir.toAbsolutePath().normalize();
    if (!Files.isRegularFile(image)) {
      throw new IllegalArgumentException("no image file " + image);
    }
    boolean created = false;
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir);
        created = true;
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot create mount directory " + dir + ": " + e, e);
    }
    if (!sourcesAt(dir).isEmpty()) {
      throw new IllegalStateException(dir + " is already a mount point (" + sourcesAt(dir) + "); not mounting over it");
    }
    String options = "loop" + (opts.length == 0 ? "" : "," + String.join(",", opts));
    Dmesg.Mark mark = Dmesg.mark();
    ProcessResult r = ProcessRunner.of(Binaries.path("mount"), "-t", "xfs", "-o", options, image.toString(),
        dir.toString()).withTimeout(CMD_TIMEOUT).run();
    List<String> sources = sourcesAt(dir);
    if (!r.ok() || sources.isEmpty()) {
      String why = "mount failed:\n" + r.describe() + "kernel log:\n" + Dmesg.since(mark);
      if (!sources.isEmpty()) {
        // the mount happened but the command reported failure (e.g. killed at the timeout): undo it
        new LoopMount(image, dir, sources.get(sources.size() - 1), created).closeQuietly();
      } else {
        removeDirIfCreated(dir, created);
      }
      throw new IllegalStateException(why);
    }
    LoopMount m = new LoopMount(image, dir, sources.get(sources.size() - 1), created);
    OPEN.add(m);
    return m;
  }

  public Path image() {
    return image;
  }

  public Path mountDir() {
    return mountDir;
  }

  /** The loop device the kernel picked, e.g. /dev/loop3. */
  public String device() {
    return device;
  }

  /** A path inside the mounted filesystem. */
  public Path path(String relative) {
    return mountDir.resolve(relative);
  }

  /** True while this mount is still at the top of {@link #mountDir()}. */
  public boolean isMounted() {
    List<String> s = sourcesAt(mountDir);
    return !s.isEmpty() && s.get(s.size() - 1).equals(device);
  }

  /** Unmounts, detaches, removes the directory; idempotent. Throws (after trying every step) if a step failed. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    OPEN.remove(this);
    List<String> errors = new ArrayList<>();
    boolean lazy = unmount(errors);
    detach(errors, lazy);
    if (createdDir && !isMounted()) {
      try {
        Files.deleteIfExists(mountDir);
      } catch (DirectoryNotEmptyException e) {
        errors.add("mount directory " + mountDir + " not empty after unmount; left in place");
      } catch (IOException e) {
        errors.add("cannot remove " + mountDir + ": " + e);
      }
    }
    if (!errors.isEmpty()) {
      throw new IllegalStateException("LoopMount " + image + " on " + mountDir + " (" + device + "): "
          + String.join("; ", errors));
    }
  }

  private void closeQuietly() {
    try {
      close();
    } catch (RuntimeException ignored) {
      // reported by the caller's own exception
    }
  }

  /** Returns true if it had to unmount lazily. */
  private boolean unmount(List<String> errors) {
    ProcessResult last = null;
    for (int attempt = 0; attempt < UMOUNT_ATTEMPTS; attempt++) {
      List<String> sources = sourcesAt(mountDir);
      if (!sources.contains(device)) {
        return false;
      }
      if (!sources.get(sources.size() - 1).equals(device)) {
        errors.add("something else is mounted over ours at " + mountDir + " (" + sources + "); not unmounting it");
        return false;
      }
      last = ProcessRunner.of(Binaries.path("umount"), mountDir.toString()).withTimeout(CMD_TIMEOUT).run();
      if (!last.ok()) {
        sleep(50L << attempt);   // 50 ms .. 1.6 s, 3 s in all: let a straggling close() or writeback finish
      }
    }
    if (isMounted()) {
      ProcessResult lazy = ProcessRunner.of(Binaries.path("umount"), "-l", mountDir.toString())
          .withTimeout(CMD_TIMEOUT).run();
      errors.add("umount kept failing (" + (last == null ? "?" : last.output().strip()) + "); "
          + (lazy.ok() ? "lazily unmounted (umount -l): something still had files open"
          : "umount -l failed too: " + lazy.output().strip()));
      return true;
    }
    return false;
  }

  /**
   * util-linux sets autoclear on {@code mount -o loop} devices; detach explicitly only if that did not happen.
   * After a lazy unmount the device stays bound until the last open file goes: {@code losetup -d} then only marks
   * it for autoclear, so there is nothing to wait for.
   */
  private void detach(List<String> errors, boolean lazy) {
    boolean tried = false;
    for (int i = 0; i < 30; i++) {
      if (!loopDevicesOf(image).contains(device)) {
        return;
      }
      if (!tried && (lazy || i >= 5)) {
        tried = true;
        // losetup -j just said the device is bound to our image, so this cannot detach someone else's
        ProcessResult d = ProcessRunner.of(Binaries.path("losetup"), "-d", device).withTimeout(CMD_TIMEOUT).run();
        if (!d.ok() && loopDevicesOf(image).contains(device)) {
          errors.add("losetup -d " + device + " failed: " + d.output().strip());
          return;
        }
        if (lazy) {
          return;
        }
      }
      sleep(100);
    }
    errors.add("loop device " + device + " still attached to " + image);
  }

  /** The sources mounted at {@code dir}, bottom to top ({@code findmnt --mountpoint}); empty if none. */
  public static List<String> sourcesAt(Path dir) {
    ProcessResult r = ProcessRunner.of(Binaries.path("findmnt"), "-n", "-r", "-o", "SOURCE", "--mountpoint",
        dir.toAbsolutePath().normalize().toString()).withTimeout(CMD_TIMEOUT).run();
    return lines(r.ok() ? r.stdout() : "");
  }

  /** The loop devices bound to {@code img} ({@code losetup -j}, which matches by inode). */
  public static List<String> loopDevicesOf(Path img) {
    ProcessResult r = ProcessRunner.of(Binaries.path("losetup"), "-l", "-n", "-O", "NAME", "-j",
        img.toAbsolutePath().normalize().toString()).withTimeout(CMD_TIMEOUT).run();
    return lines(r.ok() ? r.stdout() : "");
  }

  private static List<String> lines(String text) {
    List<String> out = new ArrayList<>();
    for (String l : text.split("\n")) {
      if (!l.isBlank()) {
        out.add(l.strip());
      }
    }
    return out;
  }

  private static void removeDirIfCreated(Path dir, boolean created) {
    if (created) {
      try {
        Files.deleteIfExists(dir);
      } catch (IOException ignored) {
        // not empty or gone: leave it
      }
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "LoopMount[" + image + " on " + mountDir + " via " + device + (closed ? ", closed]" : "]");
  }
}
