// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jxfs.core.format.BigEndian.putU16;
import static org.jxfs.core.format.BigEndian.putU64;
import static org.jxfs.core.format.BigEndian.u64;

import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.format.BtreeBlock;
import org.jxfs.core.format.Geometry;
import org.junit.jupiter.api.Test;

/** The bmbt root's sizes, its on-disk form in the inode and xfs_iroot_realloc, without an image. */
class BmdrRootTest {
    private static final byte[] UUID = new byte[16];
    private static final long INO = 133;

    @Test
    void maxrecsMatchTheKernel() {
        // A 512-byte inode's data fork: 336 bytes, or 192 with forkoff 24.
        assertThat(BmdrRoot.maxrecs(336, false)).isEqualTo(20);
        assertThat(BmdrRoot.maxrecs(192, false)).isEqualTo(11);
        assertThat(BmdrRoot.maxrecs(336, true)).isEqualTo(20);
        // format-notes: 251 records per 4K leaf; nodes hold key+ptr pairs.
        assertThat(BmdrRoot.bmbtMaxrecs(4096, true)).isEqualTo(251);
        assertThat(BmdrRoot.bmbtMaxrecs(4096, false)).isEqualTo(251);
        assertThat(BmdrRoot.bmbtMaxrecs(1024, true)).isEqualTo(59);
        assertThat(BmdrRoot.bmbtMinrecs(1024, false)).isEqualTo(29);
        assertThat(BmdrRoot.brootSpaceCalc(20)).isEqualTo(72 + 20 * 16);
        assertThat(BmdrRoot.bmdrSpaceCalc(20)).isEqualTo(324);
    }

    @Test
    void maxLevelsFollowsXfsBmapComputeMaxlevels() {
        Geometry g4k = new Geometry(4096, 512, 512, 1 << 16, 4, 1 << 18, 0, 0, 0, 0);
        // 4K blocks without large extent counts: 2^31-1 extents at 125 per leaf and 127 per node, 3-entry root.
        assertThat(BmbtOps.DATA.maxLevels(g4k)).isEqualTo(5);
        assertThat(BmbtOps.ATTR.maxLevels(g4k)).isEqualTo(3);
    }

    /** A root of {@code n} entries with keys 100*i and pointers 1000+i, in core. */
    private static byte[] root(int n, int level) {
        byte[] r = new byte[BmdrRoot.brootSpaceCalc(n)];
        BtreeBlock.initLong(r, BtreeBlock.BMAP_CRC_MAGIC, level, n, XfsBuf.DADDR_NULL, UUID, INO);
        for (int i = 1; i <= n; i++) {
            putU64(r, BmdrRoot.brootKeyOff(i), 100L * i);
            putU64(r, BmdrRoot.brootPtrOff(i, r.length), 1000L + i);
        }
        return r;
    }

    @Test
    void bmdrRoundTripPutsPointersWhereTheForkSizeSays() {
        byte[] r = root(3, 2);
        byte[] fork = new byte[336];
        BmdrRoot.bmbtToBmdr(r, r.length, fork, 0, fork.length);
        assertThat(BmdrRoot.level(fork, 0)).isEqualTo(2);
        assertThat(BmdrRoot.numrecs(fork, 0)).isEqualTo(3);
        assertThat(u64(fork, 4)).isEqualTo(100);
        assertThat(u64(fork, 4 + 2 * 8)).isEqualTo(300);
        // Pointers after room for 20 keys: +4 + 160.
        assertThat(u64(fork, 4 + 20 * 8)).isEqualTo(1001);
        assertThat(u64(fork, 4 + 20 * 8 + 16)).isEqualTo(1003);
        byte[] back = new byte[BmdrRoot.brootSpaceCalc(3)];
        BmdrRoot.bmdrToBmbt(fork, 0, fork.length, back, back.length, INO, UUID);
        assertThat(back).isEqualTo(r);
        assertThat(BmdrRoot.verify(fork, 0, fork.length, 5)).isNull();
    }

    @Test
    void verifyRefusesWhatXfsIformatBtreeRefuses() {
        byte[] fork = new byte[192];
        assertThat(BmdrRoot.verify(fork, 0, fork.length, 5)).contains("level 0");
        putU16(fork, 0, 1);
        assertThat(BmdrRoot.verify(fork, 0, fork.length, 5)).contains("numrecs 0");
        putU16(fork, 2, 12);
        assertThat(BmdrRoot.verify(fork, 0, fork.length, 5)).contains("numrecs 12");
        putU16(fork, 2, 11);
        assertThat(BmdrRoot.verify(fork, 0, fork.length, 5)).isNull();
    }

    @Test
    void irootReallocMovesPointersAndStopsAtTheForkSize() {
        TestFork f = new TestFork(INO, 24);
        f.setBroot(root(10, 1));
        f.realloc(1);
        assertThat(f.maxRecs()).isEqualTo(11);
        assertThat(f.brootBytes()).isEqualTo(72 + 11 * 16);
        for (int i = 1; i <= 10; i++) {
            assertThat(u64(f.broot(), BmdrRoot.brootKeyOff(i))).isEqualTo(100L * i);
            assertThat(u64(f.broot(), BmdrRoot.brootPtrOff(i, f.brootBytes()))).isEqualTo(1000L + i);
        }
        assertThatThrownBy(() -> f.realloc(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("192 bytes");
        f.realloc(-8);
        assertThat(f.maxRecs()).isEqualTo(3);
        BtreeBlock.setNumrecs(f.broot(), 3);
        for (int i = 1; i <= 3; i++) {
            assertThat(u64(f.broot(), BmdrRoot.brootKeyOff(i))).isEqualTo(100L * i);
            assertThat(u64(f.broot(), BmdrRoot.brootPtrOff(i, f.brootBytes()))).isEqualTo(1000L + i);
        }
        f.realloc(-3);
        assertThat(f.broot()).isNull();
        f.realloc(2);
        assertThat(f.brootBytes()).isEqualTo(BmdrRoot.brootSpaceCalc(2));
    }
}
