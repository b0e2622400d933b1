// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;

import org.junit.jupiter.api.Test;

/** The xfs_db parsers against output captured from xfsprogs 6.1 (64 MiB minimal image). */
class XfsDbParseTest {

  @Test
  void printFieldsKeepsNamesAndRawValues() {
    String agi = "magicnum = 0x58414749\nversionnum = 1\nseqno = 0\nnewino = 64\ndirino = null\n"
        + "unlinked[0-63] = \nuuid = 3dbf5a3f-9a62-4efb-917f-7932b06f4661\ncrc = 0x6178e459 (correct)\n";
    LinkedHashMap<String, String> f = XfsDb.parseFields(agi);
    assertThat(f.keySet()).containsExactly("magicnum", "versionnum", "seqno", "newino", "dirino", "unlinked[0-63]",
        "uuid", "crc");
    assertThat(f.get("unlinked[0-63]")).isEmpty();
    assertThat(f.get("dirino")).isEqualTo("null");
    assertThat(f.get("crc")).isEqualTo("0x6178e459 (correct)");
    assertThat(XfsDb.number(f.get("crc"))).isEqualTo(0x6178e459L);
    assertThat(XfsDb.number(f.get("magicnum"))).isEqualTo(0x58414749L);
  }

  @Test
  void nestedInodeFieldsAndArrays() {
    String inode = "core.magic = 0x494e\ncore.mode = 040755\ncore.format = 1 (local)\n"
        + "core.atime.sec = Thu Jan  1 00:00:00 1970\nv3.inumber = 64\nu3.sfdir3.hdr.parent.i4 = 64\n"
        + "bno[0-3] = 0:null 1:4 2:5 3:6\n";
    LinkedHashMap<String, String> f = XfsDb.parseFields(inode);
    assertThat(XfsDb.number(f.get("core.mode"))).isEqualTo(040755);
    assertThat(XfsDb.number(f.get("core.format"))).isEqualTo(1);
    assertThat(f.get("core.format")).isEqualTo("1 (local)");
    assertThat(f.get("core.atime.sec")).isEqualTo("Thu Jan  1 00:00:00 1970");
    assertThat(f.get("u3.sfdir3.hdr.parent.i4")).isEqualTo("64");
    assertThat(f.get("bno[0-3]")).isEqualTo("0:null 1:4 2:5 3:6");
  }

  @Test
  void continuationLinesJoinThePreviousValue() {
    LinkedHashMap<String, String> f = XfsDb.parseFields("a = 1\nrecs[1-2] = [startblock,blockcount]\n 1:[16,4080]\n");
    assertThat(f.get("recs[1-2]")).isEqualTo("[startblock,blockcount]\n1:[16,4080]");
  }

  @Test
  void freespHistogram() {
    String text = "   from      to extents  blocks    pct\n"
        + "      1       1      16      16   0.10\n"
        + "   2048    4096       4   15487  99.90\n"
        + "total free extents 20\n"
        + "total free blocks 15503\n"
        + "average free extent size 775.15\n";
    FreeSpaceHistogram h = XfsDb.parseFreesp(text);
    assertThat(h.buckets()).containsExactly(new FreeSpaceHistogram.Bucket(1, 1, 16, 16, 0.10),
        new FreeSpaceHistogram.Bucket(2048, 4096, 4, 15487, 99.90));
    assertThat(h.totalExtents()).isEqualTo(20);
    assertThat(h.totalBlocks()).isEqualTo(15503);
    assertThat(h.averageExtentSize()).isCloseTo(775.15, within(1e-9));
  }
}
