// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.SplittableRandom;
import org.jxfs.core.format.Geometry;
import org.junit.jupiter.api.Test;

class BmbtRecTest {
    /** 4 AGs of 65536 4 KiB blocks, 512-byte sectors: the 1 GiB default of format-notes.md. */
    private static final Geometry G = new Geometry(4096, 512, 512, 65536, 4, 4 * 65536L, 0, 16384, 8, 0);

    @Test
    void formatNotesExample() {
        byte[] b = HexFormat.of().parseHex("80000000000400000000000002000003");
        BmbtIrec irec = BmbtRec.unpack(b, 0);
        assertThat(irec).isEqualTo(new BmbtIrec(512, 16, 3, ExtState.UNWRITTEN));
        byte[] out = new byte[BmbtRec.SIZE];
        BmbtRec.pack(out, 0, irec);
        assertThat(out).isEqualTo(b);
        assertThat(BmbtRec.hi(irec)).isEqualTo(0x8000000000040000L);
        assertThat(BmbtRec.lo(irec)).isEqualTo(0x0000000002000003L);
    }

    @Test
    void layoutConstants() {
        assertThat(BmbtRec.HI_EXNTFLAG_SHIFT).isEqualTo(63);
        assertThat(BmbtRec.HI_STARTOFF_SHIFT).isEqualTo(9);
        assertThat(BmbtRec.LO_STARTBLOCK_BITS).isEqualTo(43);
        assertThat(BmbtRec.LO_STARTBLOCK_SHIFT).isEqualTo(21);
        assertThat(BmbtIrec.MAX_BMBT_EXTLEN).isEqualTo((1L << 21) - 1);
        assertThat(BmbtIrec.MAX_FILEOFF).isEqualTo((1L << 54) - 1 + (1L << 21) - 1);
        assertThat(BmbtIrec.STARTBLOCKMASK).isEqualTo(0x000f_ffff_fffe_0000L);
    }

    @Test
    void fieldLimitsRoundTrip() {
        long[] offs = {0, 1, BmbtIrec.STARTOFF_MASK, BmbtIrec.STARTOFF_MASK - 1, 1L << 53};
        long[] blocks = {0, 1, BmbtIrec.STARTBLOCK_MASK, (1L << 43) - 1, 1L << 43, 1L << 51};
        long[] counts = {1, BmbtIrec.MAX_BMBT_EXTLEN, 1L << 20};
        byte[] b = new byte[40];
        for (long off : offs) {
            for (long bno : blocks) {
                for (long len : counts) {
                    for (ExtState st : ExtState.values()) {
                        BmbtIrec irec = new BmbtIrec(off, bno, len, st);
                        BmbtRec.pack(b, 7, irec);
                        assertThat(BmbtRec.unpack(b, 7)).isEqualTo(irec);
                        assertThat(BmbtRec.unpack(BmbtRec.hi(irec), BmbtRec.lo(irec))).isEqualTo(irec);
                    }
                }
            }
        }
    }

    @Test
    void randomRoundTrips() {
        SplittableRandom rnd = new SplittableRandom(42);
        byte[] b = new byte[BmbtRec.SIZE];
        for (int i = 0; i < 100_000; i++) {
            BmbtIrec irec = new BmbtIrec(rnd.nextLong() & BmbtIrec.STARTOFF_MASK,
                    rnd.nextLong() & BmbtIrec.STARTBLOCK_MASK, rnd.nextLong() & BmbtIrec.BLOCKCOUNT_MASK,
                    rnd.nextBoolean() ? ExtState.UNWRITTEN : ExtState.NORM);
            BmbtRec.pack(b, 0, irec);
            assertThat(BmbtRec.unpack(b, 0)).isEqualTo(irec);
            assertThat(BmbtRec.startoff(BmbtRec.hi(b, 0))).isEqualTo(irec.startoff());
            assertThat(BmbtRec.startblock(BmbtRec.hi(b, 0), BmbtRec.lo(b, 0))).isEqualTo(irec.startblock());
        }
    }

    @Test
    void oversizedFieldsTripAssertions() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> BmbtRec.hi(BmbtIrec.of(1L << 54, 0, 1))).isInstanceOf(AssertionError.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> BmbtRec.lo(BmbtIrec.of(0, 0, 1L << 21))).isInstanceOf(AssertionError.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> BmbtRec.hi(BmbtIrec.hole(0, 1))).isInstanceOf(AssertionError.class);
    }

    @Test
    void specialStartblocks() {
        assertThat(BmbtIrec.hole(0, 5).isHole()).isTrue();
        assertThat(BmbtIrec.hole(0, 5).isDelay()).isFalse();
        assertThat(BmbtIrec.of(0, BmbtIrec.DELAYSTARTBLOCK, 5).isDelay()).isTrue();
        long delay = BmbtIrec.nullStartblock(7);
        assertThat(delay).isLessThanOrEqualTo(BmbtIrec.STARTBLOCK_MASK);
        assertThat(BmbtIrec.of(0, delay, 5).isDelay()).isTrue();
        assertThat(BmbtIrec.startblockVal(delay)).isEqualTo(7);
        assertThat(BmbtIrec.of(0, 100, 5).isRealExtent()).isTrue();
        assertThat(new BmbtIrec(0, 100, 5, ExtState.UNWRITTEN).isWrittenExtent()).isFalse();
        assertThat(BmbtIrec.of(10, 100, 5).contains(14)).isTrue();
        assertThat(BmbtIrec.of(10, 100, 5).contains(15)).isFalse();
    }

    @Test
    void validateAcceptsGoodExtents() {
        assertThat(BmbtRec.validate(G, WhichFork.DATA, new BmbtIrec(512, 16, 3, ExtState.UNWRITTEN))).isNull();
        assertThat(BmbtRec.validate(G, WhichFork.ATTR, BmbtIrec.of(0, G.agbToFsb(3, 100), 65536 - 100))).isNull();
        assertThat(BmbtRec.validate(G, WhichFork.DATA,
                BmbtIrec.of(BmbtIrec.MAX_FILEOFF - 9, G.agbToFsb(1, 8), 10))).isNull();
    }

    @Test
    void validateRejectsBadExtents() {
        assertThat(BmbtRec.validate(G, WhichFork.DATA, BmbtIrec.of(0, 16, 0))).contains("zero");
        assertThat(BmbtRec.validate(G, WhichFork.DATA, BmbtIrec.of(BmbtIrec.MAX_FILEOFF, 16, 2)))
                .contains("XFS_MAX_FILEOFF");
        assertThat(BmbtRec.validate(G, WhichFork.DATA, BmbtIrec.of(Long.MAX_VALUE, 16, 2))).contains("wraps");
        assertThat(BmbtRec.validate(G, WhichFork.DATA, BmbtIrec.of(0, G.agbToFsb(4, 10), 1)))
                .contains("beyond agcount");
        assertThat(BmbtRec.validate(G, WhichFork.DATA, BmbtIrec.of(0, G.agbToFsb(1, 65530), 10)))
                .contains("crosses an AG boundary");
        assertThat(BmbtRec.validate(G, WhichFork.DATA, BmbtIrec.of(0, G.agbToFsb(2, 0), 1)))
                .contains("headers");
        assertThat(BmbtRec.validate(G, WhichFork.DATA, new BmbtIrec(0, 16, 1, ExtState.UNWRITTEN))).isNull();
        assertThat(BmbtRec.validate(G, WhichFork.ATTR, new BmbtIrec(0, 16, 1, ExtState.UNWRITTEN)))
                .contains("unwritten");
        assertThat(BmbtRec.validate(G, WhichFork.DATA, BmbtIrec.of(0, BmbtIrec.nullStartblock(3), 1)))
                .isNotNull();
    }

    @Test
    void validateRejectsExtentCrossingShortLastAg() {
        Geometry shortLast = new Geometry(4096, 512, 512, 65536, 4, 3 * 65536L + 1000, 0, 16384, 8, 0);
        assertThat(BmbtRec.validate(shortLast, WhichFork.DATA, BmbtIrec.of(0, shortLast.agbToFsb(3, 990), 10)))
                .isNull();
        assertThat(BmbtRec.validate(shortLast, WhichFork.DATA, BmbtIrec.of(0, shortLast.agbToFsb(3, 995), 10)))
                .contains("beyond the end of AG 3");
    }
}
