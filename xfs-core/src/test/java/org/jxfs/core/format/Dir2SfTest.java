// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class Dir2SfTest {
    private static final Geometry G = RefImage.geometry();

    @Test
    void writesTheSketchLayout() {
        byte[] b = new byte[64];
        int size = Dir2Sf.write(b, 0, 64,
                List.of(Dir2SfEntry.of("a", Dir2Sf.FT_REG_FILE, 67), Dir2SfEntry.of("b", Dir2Sf.FT_REG_FILE, 68)),
                true);
        assertThat(size).isEqualTo(24);
        byte[] expect = {2, 0, 0, 0, 0, 64,
            1, 0, 0x60, 'a', 1, 0, 0, 0, 67,
            1, 0, 0x70, 'b', 1, 0, 0, 0, 68};
        assertThat(java.util.Arrays.copyOf(b, 24)).isEqualTo(expect);
        assertThat(Dir2Sf.verify(b, 0, size, true, G, G.dirBlockSize())).isNull();
        List<Dir2SfEntry> e = Dir2Sf.entries(b, 0, true);
        assertThat(e).hasSize(2);
        assertThat(e.get(0).nameString()).isEqualTo("a");
        assertThat(e.get(0).offset()).isEqualTo(0x60);
        assertThat(e.get(1).offset()).isEqualTo(0x70);
        assertThat(e.get(1).ino()).isEqualTo(68);
        assertThat(e.get(1).ftype()).isEqualTo(Dir2Sf.FT_REG_FILE);
        assertThat(Dir2Sf.parent(b, 0)).isEqualTo(64);
        assertThat(Dir2Sf.size(64, e, true)).isEqualTo(24);
    }

    @Test
    void emptyRootAndOffsetsAdvanceByDataEntsize() {
        byte[] b = new byte[8];
        assertThat(Dir2Sf.write(b, 0, 64, List.of(), true)).isEqualTo(6);
        assertThat(Dir2Sf.verify(b, 0, 6, true, G, 4096)).isNull();
        assertThat(Dir2Sf.dataEntsize(1, true)).isEqualTo(16);
        assertThat(Dir2Sf.dataEntsize(4, true)).isEqualTo(16);
        assertThat(Dir2Sf.dataEntsize(5, true)).isEqualTo(24);
        assertThat(Dir2Sf.assignOffsets(List.of(Dir2SfEntry.of("hello", 1, 70), Dir2SfEntry.of("x", 1, 71)), true))
                .extracting(Dir2SfEntry::offset).containsExactly(0x60, 0x78);
    }

    @Test
    void eightByteInodeNumbers() {
        long big = 1L << 33;
        byte[] b = new byte[64];
        int size = Dir2Sf.write(b, 0, 64, List.of(Dir2SfEntry.of("f", Dir2Sf.FT_REG_FILE, big)), true);
        assertThat(size).isEqualTo(10 + 3 + 1 + 1 + 8);
        assertThat(Dir2Sf.i8count(b, 0)).isEqualTo(1);
        assertThat(Dir2Sf.parent(b, 0)).isEqualTo(64);
        assertThat(Dir2Sf.entries(b, 0, true).get(0).ino()).isEqualTo(big);
        assertThat(Dir2Sf.verify(b, 0, size, true, null, 4096)).isNull();
        b[1] = 2;
        assertThat(Dir2Sf.verify(b, 0, size, true, null, 4096))
                .isEqualTo("i8count 2 but 1 inode numbers need 8 bytes");
        b[1] = 0; // now the parent reads as the high half of an 8-byte number
        assertThat(Dir2Sf.verify(b, 0, size, true, null, 4096)).isEqualTo("bad parent inode 0");
    }

    @Test
    void verifierCatchesCorruption() {
        byte[] b = new byte[64];
        int size = Dir2Sf.write(b, 0, 64,
                List.of(Dir2SfEntry.of("a", Dir2Sf.FT_REG_FILE, 67), Dir2SfEntry.of("b", Dir2Sf.FT_REG_FILE, 68)),
                true);
        byte[] c = b.clone();
        BigEndian.putU16(c, 6 + 9 + 1, 0x60);
        assertThat(Dir2Sf.verify(c, 0, size, true, G, 4096)).isEqualTo("entry 1 offset 0x60 below 0x70");
        c = b.clone();
        c[6 + 9] = 0;
        assertThat(Dir2Sf.verify(c, 0, size, true, G, 4096)).isEqualTo("entry 1 has an empty name");
        c = b.clone();
        c[6 + 4] = 9;
        assertThat(Dir2Sf.verify(c, 0, size, true, G, 4096)).isEqualTo("entry 0 has bad file type 9");
        c = b.clone();
        BigEndian.putU32(c, 6 + 5, 3);
        assertThat(Dir2Sf.verify(c, 0, size, true, G, 4096)).isEqualTo("entry 0 has bad inode 3");
        c = b.clone();
        c[0] = 3;
        assertThat(Dir2Sf.verify(c, 0, size, true, G, 4096)).isEqualTo("entry 2 runs past the fork");
        assertThat(Dir2Sf.verify(b, 0, 4, true, G, 4096)).contains("too short");
        assertThat(Dir2Sf.verify(b, 0, size, true, G, 0x80)).isEqualTo("directory too large for short form");
    }
}
