// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.oracle;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A file's allocation state per block, from {@code xfs_io -c 'bmap -vp'}: the comparable summary of a
 * differential run (what the kernel allocated vs what jxfs allocated), independent of where the blocks went.
 * One letter per {@code unit}-byte file block: H hole, U unwritten, W written, D delalloc (bmap -d only),
 * M mixed (the 512-byte sectors of the block disagree; only when unit exceeds the filesystem block).
 * {@code map} covers the blocks holding file data (ceil(size / unit)); {@code postEof} the blocks past them that
 * bmap still reports (KEEP_SIZE preallocation, speculative preallocation), trailing holes dropped.
 * Port of the project's bmap2statemap.py; {@link #toText()} prints what it prints.
 */
public record StateMap(long size, int unit, long blocks, String map, String postEof) {
  /** "   3: [128..199]:      hole      72" and "   0: [0..31]:  128..159  0 (128..159)  32 010000". */
  private static final Pattern REC = Pattern.compile("^\\s*\\d+:\\s+\\[(\\d+)\\.\\.(\\d+)\\]:\\s+(\\S+)(.*)$");
  private static final Pattern OCTAL = Pattern.compile("[0-7]+");
  private static final int UNWRITTEN = 010000;          // BMV_OF_PREALLOC as bmap -vp prints it
  private static final int SECTOR = 512;

  /** One bmap record in 512-byte sectors, inclusive, with its state letter. */
  record Extent(long first, long last, char state) {
  }

  /**
   * Parses {@code bmap -vp} text (the FLAGS column must be there: -p) for a file of {@code size} bytes.
   * Lines that are not extent records ("file:", the header, "no extents") are ignored.
   */
  public static StateMap parse(String bmapText, long size, int unit) {
    if (unit <= 0 || unit % SECTOR != 0) {
      throw new IllegalArgumentException("unit must be a positive multiple of 512: " + unit);
    }
    List<Extent> recs = extents(bmapText);
    int per = unit / SECTOR;
    long endSector = 0;
    for (Extent e : recs) {
      endSector = Math.max(endSector, e.last() + 1);
    }
    long nblocks = ceilDiv(size, unit);
    long total = Math.max(nblocks, ceilDiv(endSector, per));
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("state map of " + total + " blocks is too long");
    }
    recs.sort(Comparator.comparingLong(Extent::first));
    StringBuilder all = new StringBuilder((int) total);
    int i = 0;
    for (long b = 0; b < total; b++) {
      long lo = b * per;
      long hi = lo + per - 1;
      while (i < recs.size() && recs.get(i).last() < lo) {
        i++;
      }
      all.append(stateOf(recs, i, lo, hi));
    }
    String inside = all.substring(0, (int) nblocks);
    String post = all.substring((int) nblocks).replaceAll("H+$", "");
    return new StateMap(size, unit, nblocks, inside, post);
  }

  /** The letter for sectors [lo, hi]: the one state covering all of them, else M; uncovered sectors are H. */
  private static char stateOf(List<Extent> recs, int from, long lo, long hi) {
    char state = 0;
    long next = lo;                       // first sector not yet accounted for
    for (int j = from; j < recs.size() && recs.get(j).first() <= hi; j++) {
      Extent e = recs.get(j);
      if (e.last() < next) {
        continue;
      }
      if (e.first() > next) {
        state = merge(state, 'H');        // a gap before this record
      }
      state = merge(state, e.state());
      next = Math.max(next, e.last() + 1);
      if (next > hi) {
        break;
      }
    }
    if (next <= hi) {
      state = merge(state, 'H');
    }
    return state;
  }

  private static char merge(char have, char add) {
    return have == 0 || have == add ? add : 'M';
  }

  static List<Extent> extents(String bmapText) {
    List<Extent> recs = new ArrayList<>();
    for (String line : bmapText.split("\n")) {
      Matcher m = REC.matcher(line);
      if (!m.matches()) {
        continue;
      }
      long first = Long.parseLong(m.group(1));
      long last = Long.parseLong(m.group(2));
      String where = m.group(3);
      char st;
      if (where.equals("hole")) {
        st = 'H';
      } else if (where.equals("delalloc")) {
        st = 'D';
      } else {
        String[] toks = m.group(4).trim().split("\\s+");
        String lastTok = toks[toks.length - 1];
        int flags = OCTAL.matcher(lastTok).matches() ? Integer.parseInt(lastTok, 8) : 0;
        st = (flags & UNWRITTEN) != 0 ? 'U' : 'W';
      }
      recs.add(new Extent(first, last, st));
    }
    return recs;
  }

  /** Run-length form of {@link #map()}, e.g. "W12 H3 U5" (for people). */
  public String rle() {
    return rle(map);
  }

  public static String rle(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); ) {
      int j = i;
      while (j < s.length() && s.charAt(j) == s.charAt(i)) {
        j++;
      }
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(s.charAt(i)).append(j - i);
      i = j;
    }
    return sb.toString();
  }

  /** The same five lines bmap2statemap.py prints: size, blocks, map, posteof, rle. */
  public String toText() {
    return "size " + size + "\n"
        + "blocks " + blocks + "\n"
        + ("map " + map).strip() + "\n"
        + ("posteof " + postEof).strip() + "\n"
        + ("rle " + rle()).strip() + "\n";
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
