// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.hostile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
    /**
     * Commands before the one that found the damage (a corruption error) wrote, typically through structures the
     * damage is not in (other files, other directories), and xfs_repair -n finds nothing new after the run.
     */
    WROTE_BEFORE_DETECTION,
    /**
     * jxfs wrote to an image xfs_repair -n finds corrupt, without finding it corrupt itself, and xfs_repair -n
     * finds the image clean after the run: the damage was in a value jxfs recomputes as it writes (agf_longest).
     */
    HEALED,
    /**
     * jxfs wrote to an image xfs_repair -n finds corrupt without ever finding it corrupt itself, or its writes added
     * to xfs_repair -n's findings: listed with the findings, to be explained or fixed; not a failure.
     */
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

  /**
   * One structure to fuzz: its name, the xfs_db commands that select it, and the commands run after
   * {@link #SCRIPT} that read and write it (a lookup in and a create into a fuzzed directory).
   */
  record Target(String name, List<String> select, List<List<String>> steps) {
    Target(String name, List<String> select) {
      this(name, select, List.of());
    }

    /** A directory's block at {@code dblock}, with a lookup of its last entry and a create into it. */
    static Target dir(String name, String path, long ino, long dblock) {
      String last = String.format("%s/" + ENTRY_NAME, path, DIR_ENTRIES.get(path) - 1);
      return new Target(name, List.of("inode " + ino, "dblock " + dblock), List.of(
          List.of("-r", "-c", "stat", last),
          List.of("-f", "-c", "falloc 0 4k", path + "/new")));
    }
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
  private final byte[] baseBytes;
  private final Path work;
  private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "field-fuzz");
    t.setDaemon(true);
    return t;
  });

  private final RepairVerdicts repair;
  private long fuzzNanos;
  private long jxfsNanos;
  private int jxfsRuns;

  private FieldFuzz(Path base, Path work) throws IOException {
    this.base = base;
    this.baseBytes = Files.readAllBytes(base);
    this.work = work;
    this.repair = new RepairVerdicts(baseBytes, work.resolve("before-step.img"));
  }

  /**
   * The directories mkfs.xfs's prototype file makes, and their entries: 40 make a block directory, 200 a leaf
   * directory (two data blocks and a leaf), 900 a node directory (da node, leaf blocks, free index).
   */
  static final Map<String, Integer> DIR_ENTRIES = Map.of("/bd", 40, "/ld", 200, "/nd", 900);
  private static final String ENTRY_NAME = "e%05d";
  /** The first leaf block and the free index of a directory with 4 KiB blocks (XFS_DIR2_LEAF_OFFSET, _FREE_). */
  private static final long DIR_LEAF_DBLOCK = (32L << 30) / 4096;
  private static final long DIR_FREE_DBLOCK = 2 * DIR_LEAF_DBLOCK;

  /**
   * Makes the populated image in {@code dir}: 32 MiB in 2 AGs of mkfs.xfs 6.1's default features with the
   * directories of {@link #DIR_ENTRIES} from a prototype file, /f (1 MiB preallocated), /b (a file of 64 extents,
   * so its data fork is a btree with a bmbt block), /d (written by jxfs), and the shortform root directory that
   * holds them.
   */
  static FieldFuzz populated(Path dir) throws IOException {
    Path base = dir.resolve("base.img");
    Path empty = Files.writeString(dir.resolve("empty"), "");
    StringBuilder proto = new StringBuilder("/dummy\n0 0\nd--755 0 0\n");
    for (String d : List.of("/bd", "/ld", "/nd")) {
      proto.append(d.substring(1)).append(" d--755 0 0\n");
      for (int i = 0; i < DIR_ENTRIES.get(d); i++) {
        proto.append(String.format(ENTRY_NAME, i)).append(" ---644 0 0 ").append(empty).append('\n');
      }
      proto.append("$\n");
    }
    proto.append("$\n");
    Path protofile = Files.writeString(dir.resolve("proto"), proto);
    MkfsXfs.format(base, 32L << 20, "-d", "agcount=2", "-p", protofile.toString());
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
        new Target("dir (shortform root)", List.of("inode " + inodeOf("/"))),
        Target.dir("dir block", "/bd", inodeOf("/bd"), 0),
        Target.dir("dir data (leaf dir)", "/ld", inodeOf("/ld"), 0),
        Target.dir("dir leaf1", "/ld", inodeOf("/ld"), DIR_LEAF_DBLOCK),
        Target.dir("dir da node", "/nd", inodeOf("/nd"), DIR_LEAF_DBLOCK),
        Target.dir("dir leafn", "/nd", inodeOf("/nd"), DIR_LEAF_DBLOCK + 1),
        Target.dir("dir free index", "/nd", inodeOf("/nd"), DIR_FREE_DBLOCK));
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
   * ({@code [startoff,startblock,...]}) by each member of the first; arrays of structures xfs_db prints member by
   * member ({@code bu[7].name}, the entries of a directory block) by elements 0 and 2 (in a data block the first
   * file's entry after "." and ".."); the CRC itself is left out.
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
      if (name.equals("crc") || name.endsWith(".crc") || !firstElements(name)) {
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

  private static final Pattern INNER_INDEX = Pattern.compile("\\[(\\d+)\\]\\.");

  /** Whether every index inside {@code name} (not the last, which {@link #ARRAY} takes) is 0 or 2. */
  private static boolean firstElements(String name) {
    Matcher m = INNER_INDEX.matcher(name);
    while (m.find()) {
      int i = Integer.parseInt(m.group(1));
      if (i != 0 && i != 2) {
        return false;
      }
    }
    return true;
  }

  /**
   * Runs one case on a fresh copy of the populated image. xfs_repair -n judges each distinct image once
   * ({@link RepairVerdicts}): the damaged image before jxfs, the image before a refused command that changed it, and
   * the image after, which is the damaged image again when jxfs wrote nothing.
   */
  Result run(Case c) throws Exception {
    Path img = work.resolve("case.img");
    Files.write(img, baseBytes);
    List<String> cmds = new ArrayList<>(c.target().select());
    cmds.add("fuzz " + c.mode() + " " + c.field() + " " + c.verb());
    long t0 = System.nanoTime();
    ProcessResult f = XfsDb.runExpert(img, cmds.toArray(String[]::new));
    fuzzNanos += System.nanoTime() - t0;
    byte[] damaged = Files.readAllBytes(img);
    if (Arrays.equals(baseBytes, damaged) || f.stdout().contains("unable to")
        || f.stderr().contains("unable to")) {
      return new Result(c, Outcome.NOT_APPLIED, f.output().strip());
    }
    RepairResult repairBefore = repair.check(img, damaged);
    Set<String> findingsBefore = findings(repairBefore);
    boolean refused = false;
    boolean detected = false;
    boolean wrote = false;
    StringBuilder log = new StringBuilder();
    byte[] current = damaged;
    List<List<String>> steps = new ArrayList<>(SCRIPT);
    steps.addAll(c.target().steps());
    for (List<String> step : steps) {
      List<String> args = new ArrayList<>(List.of("io"));
      args.addAll(step.subList(0, step.size() - 1));
      args.add(img.toString());
      args.add(step.get(step.size() - 1));
      byte[] before = current;
      JxfsCli.Result r;
      long t1 = System.nanoTime();
      Future<JxfsCli.Result> fut = runner.submit(() -> JxfsCli.run(args.toArray(String[]::new)));
      try {
        r = fut.get(120, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        return new Result(c, Outcome.HANG, String.join(" ", step));
      } finally {
        jxfsNanos += System.nanoTime() - t1;
        jxfsRuns++;
      }
      String text = r.stdout() + r.stderr();
      log.append(String.join(" ", step)).append(" -> ").append(r.exitCode()).append(": ")
          .append(r.stderr().strip().replace('\n', '|')).append('\n');
      if (JAVA_TEXT.matcher(r.stderr()).find() || JAVA_TEXT.matcher(r.stdout()).find()) {
        return new Result(c, Outcome.JAVA_EXCEPTION, log.toString() + text);
      }
      current = Files.readAllBytes(img);
      boolean changed = !Arrays.equals(before, current);
      if (r.exitCode() != 0) {
        refused = true;
        boolean corruptFound = text.contains("Structure needs cleaning") || text.contains("corruption")
            || text.contains("shut down");
        // A refused command may have written only what the kernel also commits first (timestamps); what it wrote
        // must add nothing to xfs_repair -n's findings on the image as it was just before it.
        if (changed) {
          Set<String> prevFindings = findings(repair.check(before));
          Set<String> nowFindings = findings(repair.check(img, current));
          if (!prevFindings.containsAll(nowFindings)) {
            return new Result(c, Outcome.WROTE_AFTER_REFUSAL, log + diff(prevFindings, nowFindings));
          }
        }
        if (corruptFound) {
          detected = true;
          break;
        }
      } else {
        wrote |= changed;
      }
    }
    RepairResult repairAfter = repair.check(img, current);
    if (repairBefore.clean() && !repairAfter.clean()) {
      return new Result(c, Outcome.CLEAN_TO_CORRUPT, log + repairAfter.output());
    }
    if (!repairBefore.clean() && wrote) {
      String added = diff(findingsBefore, findings(repairAfter));
      Outcome o = repairAfter.clean() ? Outcome.HEALED
          : detected && added.isEmpty() ? Outcome.WROTE_BEFORE_DETECTION : Outcome.WROTE_ON_CORRUPT;
      return new Result(c, o, log + "xfs_repair -n before jxfs:\n" + String.join("\n", findingsBefore)
          + "\nadded after:\n" + added);
    }
    return new Result(c, refused ? Outcome.REFUSED : Outcome.ACCEPTED, log.toString());
  }

  /** Where the sweep's time went: xfs_db's fuzz, jxfs's commands, xfs_repair -n. */
  String costs(int cases) {
    return String.format("cost: %d cases, xfs_db fuzz %.2f s a case, jxfs io %d runs (%.3f s each), %s",
        cases, cases == 0 ? 0.0 : fuzzNanos / 1e9 / cases, jxfsRuns, jxfsRuns == 0 ? 0.0 : jxfsNanos / 1e9 / jxfsRuns,
        repair.summary());
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
