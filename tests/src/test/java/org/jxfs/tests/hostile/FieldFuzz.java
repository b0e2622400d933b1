// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.hostile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jxfs.tests.foundation.JxfsCli;
import org.jxfs.tests.oracle.MkfsXfs;
import org.jxfs.tests.oracle.ProcessResult;
import org.jxfs.tests.oracle.RepairResult;
import org.jxfs.tests.oracle.XfsDb;
import org.jxfs.tests.oracle.XfsRepair;

/**
 * The fstests way of fuzzing (common/fuzzy, xfs/350-ish): on a populated image, one field of one structure is
 * changed with one of xfs_db's {@code fuzz} verbs, with the CRC recomputed ({@code -d}) or left wrong ({@code -c});
 * {@code xfs_repair -n} judges the image; then a scripted read-write run in jxfs (bmap, falloc, fpunch, truncate, a
 * new file) and {@code xfs_repair -n} again. A case's outcome is one of {@link Outcome}; anything but the first
 * three is a finding.
 */
final class FieldFuzz {
  /** xfs_db's fuzz verbs (fuzz.c). */
  static final List<String> VERBS = List.of("zeroes", "ones", "firstbit", "middlebit", "lastbit", "add", "sub",
      "random");
  /** -d: the verifiers are skipped and the CRC recomputed; -c: the CRC is left wrong. */
  static final List<String> MODES = List.of("-d", "-c");

  /** What happened in one case. */
  enum Outcome {
    /** xfs_db could not apply the fuzz (the value did not change, or xfs_db refused). */
    NOT_APPLIED,
    /** jxfs refused or failed a command, wrote nothing after the refusal, and added nothing to repair's findings. */
    REFUSED,
    /** Every command ran and xfs_repair -n judges the image as it did before (clean stays clean). */
    ACCEPTED,
    /** jxfs wrote to an image xfs_repair -n finds corrupt and its findings did not grow: listed, not a failure. */
    WROTE_ON_CORRUPT,
    /** A Java exception, assertion or exception text escaped to the user. */
    JAVA_EXCEPTION,
    /** A command did not finish in time. */
    HANG,
    /** A command that failed wrote something that adds to xfs_repair -n's findings. */
    WROTE_AFTER_REFUSAL,
    /** xfs_repair -n found the image clean before and corrupt after. */
    CLEAN_TO_CORRUPT;

    boolean finding() {
      return ordinal() >= JAVA_EXCEPTION.ordinal();
    }
  }

  /** One structure to fuzz: its name, the xfs_db commands that select it. */
  record Target(String name, List<String> select) {
  }

  /** One case. */
  record Case(Target target, String field, String verb, String mode) {
    @Override
    public String toString() {
      return target.name() + " " + field + " " + verb + " " + mode;
    }
  }

  /** One case's outcome and the evidence. */
  record Result(Case c, Outcome outcome, String detail) {
  }

  /** The commands the read-write run gives jxfs io, each a separate invocation (open, command, close). */
  static final List<List<String>> SCRIPT = List.of(
      List.of("-r", "-c", "bmap -v", "/b"),
      List.of("-c", "falloc 2m 256k", "/f"),
      List.of("-c", "fpunch 0 64k", "/f"),
      List.of("-c", "truncate 512k", "/f"),
      List.of("-c", "fpunch 64k 64k", "/b"),
      List.of("-f", "-c", "falloc 0 64k", "/g"));

  private static final Pattern JAVA_TEXT = Pattern.compile(
      "Exception|AssertionError|\\bat org\\.|\\bat java\\.|arraycopy|index \\d+ out of bounds|NullPointer");
  private static final Pattern ARRAY = Pattern.compile("^(.*)\\[(\\d+)(?:-\\d+)?\\]$");
  private static final Pattern SUBFIELDS = Pattern.compile("^\\[([a-z_][a-z0-9_,]*)\\].*", Pattern.DOTALL);

  private final Path base;
  private final Path work;
  private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "field-fuzz");
    t.setDaemon(true);
    return t;
  });

  private FieldFuzz(Path base, Path work) {
    this.base = base;
    this.work = work;
  }

  /**
   * Makes the populated image in {@code dir}: 32 MiB in 2 AGs of mkfs.xfs 6.1's default features, /f (1 MiB preallocated),
   * /b (a file of 64 extents, so its data fork is a btree with a bmbt block), /d (written by jxfs), and the
   * shortform root directory that holds them.
   */
  static FieldFuzz populated(Path dir) {
    Path base = dir.resolve("base.img");
    MkfsXfs.format(base, 32L << 20, "-d", "agcount=2");
    io(base, "-f", "-c", "falloc 0 1m", "/f");
    List<String> args = new ArrayList<>(List.of("-f", "-c", "falloc 0 1m"));
    for (int i = 0; i < 64; i++) {
      args.add("-c");
      args.add("fpunch " + (i * 16) + "k 8k");
    }
    args.add("/b");
    io(base, args.toArray(String[]::new));
    io(base, "-f", "-c", "chattr +x", "-c", "pwrite 0 8k", "/d");
    XfsRepair.assertClean(base);
    return new FieldFuzz(base, dir);
  }

  private static void io(Path img, String... args) {
    List<String> all = new ArrayList<>(List.of("io"));
    for (int i = 0; i < args.length - 1; i++) {
      all.add(args[i]);
    }
    all.add(img.toString());
    all.add(args[args.length - 1]);
    JxfsCli.Result r = JxfsCli.run(all.toArray(String[]::new));
    if (r.exitCode() != 0) {
      throw new IllegalStateException("populating the fuzz image failed: " + all + "\n" + r.describe());
    }
  }

  /** Every structure jxfs reads, selected in the populated image. */
  List<Target> targets() {
    long b = inodeOf("/b");
    return List.of(
        new Target("sb", List.of("sb 0")),
        new Target("agf", List.of("agf 0")),
        new Target("agi", List.of("agi 0")),
        new Target("agfl", List.of("agfl 0")),
        new Target("bnobt", List.of("agf 0", "addr bnoroot")),
        new Target("cntbt", List.of("agf 0", "addr cntroot")),
        new Target("refcountbt", List.of("agf 0", "addr refcntroot")),
        new Target("inobt", List.of("agi 0", "addr root")),
        new Target("finobt", List.of("agi 0", "addr free_root")),
        new Target("inode (extents)", List.of("inode " + inodeOf("/f"))),
        new Target("inode (btree)", List.of("inode " + b)),
        new Target("bmbt", List.of("inode " + b, "addr u3.bmbt.ptrs[1]")),
        new Target("dir (shortform root)", List.of("inode " + inodeOf("/"))));
  }

  private long inodeOf(String path) {
    ProcessResult r = XfsDb.run(base, "path " + path, "inode");
    Matcher m = Pattern.compile("current inode number is (\\d+)").matcher(r.stdout());
    if (!m.find()) {
      throw new IllegalStateException("xfs_db found no inode for " + path + ":\n" + r.describe());
    }
    return Long.parseLong(m.group(1));
  }

  /**
   * The fields xfs_db prints for {@code t}, as fuzz names them: arrays by their first element, compound records
   * ({@code [startoff,startblock,...]}) by each member of the first; the CRC itself is left out.
   */
  List<String> fields(Target t) {
    List<String> cmds = new ArrayList<>(t.select());
    cmds.add("print");
    ProcessResult r = XfsDb.run(base, cmds.toArray(String[]::new));
    LinkedHashMap<String, String> raw = new LinkedHashMap<>();
    for (String line : r.stdout().split("\n")) {
      int eq = line.indexOf(" = ");
      if (eq > 0 && !line.startsWith(" ")) {
        raw.put(line.substring(0, eq).strip(), line.substring(eq + 3));
      }
    }
    Set<String> out = new LinkedHashSet<>();
    for (Map.Entry<String, String> e : raw.entrySet()) {
      String name = e.getKey();
      if (name.equals("crc") || name.endsWith(".crc")) {
        continue;
      }
      Matcher a = ARRAY.matcher(name);
      String one = a.matches() ? a.group(1) + "[" + a.group(2) + "]" : name;
      Matcher s = SUBFIELDS.matcher(e.getValue().strip());
      if (s.matches()) {
        for (String sub : s.group(1).split(",")) {
          out.add(one + "." + sub);
        }
      } else {
        out.add(one);
      }
    }
    return new ArrayList<>(out);
  }

  /** Runs one case on a fresh copy of the populated image. */
  Result run(Case c) throws Exception {
    Path img = work.resolve("case.img");
    Files.copy(base, img, StandardCopyOption.REPLACE_EXISTING);
    List<String> cmds = new ArrayList<>(c.target().select());
    String before0 = DamagedImage.digest(img);
    cmds.add("fuzz " + c.mode() + " " + c.field() + " " + c.verb());
    ProcessResult f = XfsDb.runExpert(img, cmds.toArray(String[]::new));
    if (DamagedImage.digest(img).equals(before0) || f.stdout().contains("unable to") || f.stderr().contains(
        "unable to")) {
      return new Result(c, Outcome.NOT_APPLIED, f.output().strip());
    }
    RepairResult repairBefore = XfsRepair.check(img);
    Set<String> findingsBefore = findings(repairBefore);
    boolean refused = false;
    boolean wrote = false;
    StringBuilder log = new StringBuilder();
    for (List<String> step : SCRIPT) {
      List<String> args = new ArrayList<>(List.of("io"));
      args.addAll(step.subList(0, step.size() - 1));
      args.add(img.toString());
      args.add(step.get(step.size() - 1));
      String before = DamagedImage.digest(img);
      Path prev = work.resolve("before-step.img");
      Files.copy(img, prev, StandardCopyOption.REPLACE_EXISTING);
      JxfsCli.Result r;
      Future<JxfsCli.Result> fut = runner.submit(() -> JxfsCli.run(args.toArray(String[]::new)));
      try {
        r = fut.get(120, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        return new Result(c, Outcome.HANG, String.join(" ", step));
      }
      String text = r.stdout() + r.stderr();
      log.append(String.join(" ", step)).append(" -> ").append(r.exitCode()).append(": ")
          .append(r.stderr().strip().replace('\n', '|')).append('\n');
      if (JAVA_TEXT.matcher(r.stderr()).find() || JAVA_TEXT.matcher(r.stdout()).find()) {
        return new Result(c, Outcome.JAVA_EXCEPTION, log.toString() + text);
      }
      boolean changed = !DamagedImage.digest(img).equals(before);
      if (r.exitCode() != 0) {
        refused = true;
        boolean corruptFound = text.contains("Structure needs cleaning") || text.contains("corruption")
            || text.contains("shut down");
        // A refused command may have written only what the kernel also commits first (timestamps); what it wrote
        // must add nothing to xfs_repair -n's findings on the image as it was just before it.
        if (changed && !findings(XfsRepair.check(prev)).containsAll(findings(XfsRepair.check(img)))) {
          return new Result(c, Outcome.WROTE_AFTER_REFUSAL, log + diff(findings(XfsRepair.check(prev)),
              findings(XfsRepair.check(img))));
        }
        if (corruptFound) {
          break;
        }
      } else {
        wrote |= changed;
      }
    }
    RepairResult repairAfter = XfsRepair.check(img);
    if (repairBefore.clean() && !repairAfter.clean()) {
      return new Result(c, Outcome.CLEAN_TO_CORRUPT, log + repairAfter.output());
    }
    if (!repairBefore.clean() && wrote) {
      return new Result(c, Outcome.WROTE_ON_CORRUPT, log + diff(findingsBefore, findings(repairAfter)));
    }
    return new Result(c, refused ? Outcome.REFUSED : Outcome.ACCEPTED, log.toString());
  }

  /**
   * xfs_repair -n's findings: its lines less the phase banners and the host-geometry warnings, with numbers that
   * move with every run (counts of blocks, inode numbers in "would" sentences stay) kept as they are.
   */
  static Set<String> findings(RepairResult r) {
    Set<String> out = new LinkedHashSet<>();
    for (String line : r.output().split("\n")) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("Phase ") || l.startsWith("- ") || l.startsWith("Cannot get host")
          || l.startsWith("Repair may fail") || l.startsWith("the image and the host") || l.startsWith(
          "No modify flag set") || l.startsWith("agno = ")) {
        continue;
      }
      // xfs_repair prints the address of the code that found a corruption, which moves from run to run, and its
      // threads' progress lines ("- agno = 1") land in the middle of other lines
      l = REPAIR_CODE_ADDRESS.matcher(l).replaceAll("detected at CODE,");
      l = REPAIR_PROGRESS.matcher(l).replaceAll("").strip();
      if (!l.isEmpty()) {
        out.add(l);
      }
    }
    return out;
  }

  private static final Pattern REPAIR_CODE_ADDRESS = Pattern.compile("detected at 0x[0-9a-f]+,");
  private static final Pattern REPAIR_PROGRESS = Pattern.compile("\\s*- agno = \\d+");

  private static String diff(Set<String> before, Set<String> after) {
    StringBuilder sb = new StringBuilder();
    for (String a : after) {
      if (!before.contains(a)) {
        sb.append("+ ").append(a).append('\n');
      }
    }
    return sb.toString();
  }

  void close() {
    runner.shutdownNow();
  }
}
