// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The bmap -vp parser against a canned kernel listing. The listing came from the kernel (6.18) on a loop mount
 * of a 64 MiB minimal image: {@code xfs_io -f -c 'falloc 0 64k' -c 'pwrite 16k 8k' -c 'pwrite 100k 4k'
 * -c 'falloc -k 200k 8k' -c 'truncate 110k' -c fsync -c 'bmap -vp'}; the expected maps are what
 * bmap2statemap.py prints for it.
 */
class StateMapTest {
  static final String BMAP = ""
      + "mnt/f:\n"
      + " EXT: FILE-OFFSET      BLOCK-RANGE      AG AG-OFFSET        TOTAL FLAGS\n"
      + "   0: [0..31]:         128..159          0 (128..159)          32 010000\n"
      + "   1: [32..47]:        160..175          0 (160..175)          16 000000\n"
      + "   2: [48..127]:       176..255          0 (176..255)          80 010000\n"
      + "   3: [128..199]:      hole                                    72\n"
      + "   4: [200..207]:      328..335          0 (328..335)           8 000000\n"
      + "   5: [208..255]:      336..383          0 (336..383)          48 010000\n"
      + "   6: [256..399]:      hole                                   144\n"
      + "   7: [400..415]:      256..271          0 (256..271)          16 010000\n";
  static final long SIZE = 112640;

  @Test
  void fourKiBBlocks() {
    StateMap m = XfsIo.bmapStateMap(BMAP, SIZE, 4096);
    assertThat(m.blocks()).isEqualTo(28);
    assertThat(m.map()).isEqualTo("UUUUWWUUUUUUUUUUHHHHHHHHHWUU");
    assertThat(m.postEof()).isEqualTo("UUUUHHHHHHHHHHHHHHHHHHUU");
    assertThat(m.rle()).isEqualTo("U4 W2 U10 H9 W1 U2");
    assertThat(m.toText()).isEqualTo("size 112640\nblocks 28\nmap UUUUWWUUUUUUUUUUHHHHHHHHHWUU\n"
        + "posteof UUUUHHHHHHHHHHHHHHHHHHUU\nrle U4 W2 U10 H9 W1 U2\n");
  }

  @Test
  void unitsLargerThanTheBlockShowMixedBlocks() {
    StateMap m8 = StateMap.parse(BMAP, SIZE, 8192);
    assertThat(m8.map()).isEqualTo("UUWUUUUUHHHHMU");
    assertThat(m8.postEof()).isEqualTo("UUHHHHHHHHHU");
    StateMap m16 = StateMap.parse(BMAP, SIZE, 16384);
    assertThat(m16.map()).isEqualTo("UMUUHHM");
    assertThat(m16.postEof()).isEqualTo("UHHHHM");
    assertThat(m16.rle()).isEqualTo("U1 M1 U2 H2 M1");
  }

  @Test
  void smallerUnits() {
    StateMap m = StateMap.parse(BMAP, SIZE, 1024);
    assertThat(m.blocks()).isEqualTo(110);
    assertThat(m.rle()).isEqualTo("U16 W8 U40 H36 W4 U6");
    assertThat(m.postEof()).isEqualTo("U".repeat(18) + "H".repeat(72) + "U".repeat(8));
  }

  @Test
  void emptyAndUncoveredAndDelalloc() {
    StateMap empty = StateMap.parse("mnt/empty: no extents\n", 0, 4096);
    assertThat(empty.toText()).isEqualTo("size 0\nblocks 0\nmap\nposteof\nrle\n");
    // a file whose bmap stops before EOF: the rest is hole
    StateMap tail = StateMap.parse("f:\n   0: [0..7]:  96..103  0 (96..103)  8 000000\n", 3 * 4096, 4096);
    assertThat(tail.map()).isEqualTo("WHH");
    StateMap d = StateMap.parse("f:\n   0: [0..15]:  delalloc  16\n", 8192, 4096);
    assertThat(d.map()).isEqualTo("DD");
    assertThatThrownBy(() -> StateMap.parse(BMAP, SIZE, 1000)).isInstanceOf(IllegalArgumentException.class);
  }
}
