// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bmap;

import org.jxfs.core.format.BigEndian;
import org.jxfs.core.format.Geometry;

/**
 * struct xfs_bmbt_rec (xfs_format.h): the packed 128-bit extent record of EXTENTS forks and bmbt leaves, two
 * big-endian 64-bit words l0 (hi) and l1 (lo):
 * <pre>
 *   hi: bit 63 unwritten | bits 62..9 startoff (54) | bits 8..0 startblock bits 51..43
 *   lo: bits 63..21 startblock bits 42..0         | bits 20..0 blockcount (21)
 * </pre>
 * The in-core tree ({@link IextTree}) keeps records in this same (hi, lo) form, so loading an EXTENTS fork is a copy.
 */
public final class BmbtRec {
    /** sizeof(struct xfs_bmbt_rec). */
    public static final int SIZE = 16;
    static final int OFF_L0 = 0, OFF_L1 = 8;

    /** Bit of hi holding the extent flag (BMBT_EXNTFLAG_BITLEN = 1 bit at the top). */
    public static final int HI_EXNTFLAG_SHIFT = Long.SIZE - BmbtIrec.EXNTFLAG_BITLEN;
    /** startblock bits kept in lo, below which sits blockcount. */
    public static final int LO_STARTBLOCK_BITS = Long.SIZE - BmbtIrec.BLOCKCOUNT_BITLEN;
    /** startblock bits kept at the bottom of hi. */
    public static final int HI_STARTBLOCK_BITS = BmbtIrec.STARTBLOCK_BITLEN - LO_STARTBLOCK_BITS;
    /** Shift of startoff inside hi. */
    public static final int HI_STARTOFF_SHIFT = HI_STARTBLOCK_BITS;
    /** Shift of the low startblock bits inside lo. */
    public static final int LO_STARTBLOCK_SHIFT = BmbtIrec.BLOCKCOUNT_BITLEN;

    static final long HI_STARTBLOCK_MASK = (1L << HI_STARTBLOCK_BITS) - 1;
    static final long LO_STARTBLOCK_MASK = (1L << LO_STARTBLOCK_BITS) - 1;

    static {
        assert HI_EXNTFLAG_SHIFT - HI_STARTOFF_SHIFT == BmbtIrec.STARTOFF_BITLEN;
    }

    private BmbtRec() {
    }

    // ---- word-level access (also used by the in-core tree) ----

    /** The hi word (l0) of {@code irec}; asserts the fields fit, as xfs_bmbt_disk_set_all does. */
    public static long hi(BmbtIrec irec) {
        return hi(irec.startoff(), irec.startblock(), irec.state() == ExtState.UNWRITTEN);
    }

    /** The lo word (l1) of {@code irec}. */
    public static long lo(BmbtIrec irec) {
        return lo(irec.startblock(), irec.blockcount());
    }

    static long hi(long startoff, long startblock, boolean unwritten) {
        assert (startoff & ~BmbtIrec.STARTOFF_MASK) == 0 : "startoff " + startoff;
        assert (startblock & ~BmbtIrec.STARTBLOCK_MASK) == 0 : "startblock " + startblock;
        return (unwritten ? 1L << HI_EXNTFLAG_SHIFT : 0L) | startoff << HI_STARTOFF_SHIFT
                | startblock >>> LO_STARTBLOCK_BITS;
    }

    static long lo(long startblock, long blockcount) {
        assert (blockcount & ~BmbtIrec.BLOCKCOUNT_MASK) == 0 : "blockcount " + blockcount;
        return (startblock & LO_STARTBLOCK_MASK) << LO_STARTBLOCK_SHIFT | blockcount;
    }

    /** xfs_bmbt_disk_get_startoff. */
    public static long startoff(long hi) {
        return (hi >>> HI_STARTOFF_SHIFT) & BmbtIrec.STARTOFF_MASK;
    }

    /** The startblock split across both words. */
    public static long startblock(long hi, long lo) {
        return (hi & HI_STARTBLOCK_MASK) << LO_STARTBLOCK_BITS | lo >>> LO_STARTBLOCK_SHIFT;
    }

    /** xfs_bmbt_disk_get_blockcount. */
    public static long blockcount(long lo) {
        return lo & BmbtIrec.BLOCKCOUNT_MASK;
    }

    public static boolean unwritten(long hi) {
        return hi < 0;
    }

    /** Ports xfs_bmbt_disk_get_all, from the two words; the in-core tree decodes through here too. */
    public static BmbtIrec unpack(long hi, long lo) {
        return new BmbtIrec(startoff(hi), startblock(hi, lo), blockcount(lo),
                unwritten(hi) ? ExtState.UNWRITTEN : ExtState.NORM);
    }

    // ---- byte-level access ----

    /**
     * Ports xfs_bmbt_disk_set_all: writes {@code irec} big-endian at {@code off}. Fields that do not fit are caught
     * by assertions (as the kernel's ASSERTs), since a silently truncated record would point at someone else's data.
     */
    public static void pack(byte[] b, int off, BmbtIrec irec) {
        BigEndian.putU64(b, off + OFF_L0, hi(irec));
        BigEndian.putU64(b, off + OFF_L1, lo(irec));
    }

    /** Ports xfs_bmbt_disk_get_all: decodes the record at {@code off}. */
    public static BmbtIrec unpack(byte[] b, int off) {
        return unpack(BigEndian.u64(b, off + OFF_L0), BigEndian.u64(b, off + OFF_L1));
    }

    /** The hi word of the record at {@code off}. */
    public static long hi(byte[] b, int off) {
        return BigEndian.u64(b, off + OFF_L0);
    }

    /** The lo word of the record at {@code off}. */
    public static long lo(byte[] b, int off) {
        return BigEndian.u64(b, off + OFF_L1);
    }

    // ---- validation ----

    /**
     * Ports xfs_bmap_validate_extent_raw (data device only: jxfs has no realtime volume). Returns null if
     * {@code irec} may appear in fork {@code whichfork}, else the failed check. Run on every record read from disk
     * because a record is trusted by everything above it: a length of zero or a range crossing an AG would make
     * the allocator free or hand out blocks that belong to something else.
     */
    public static String validate(Geometry geo, WhichFork whichfork, BmbtIrec irec) {
        long off = irec.startoff(), len = irec.blockcount(), fsbno = irec.startblock();
        if (len == 0) {
            return "blockcount is zero";
        }
        String fail = verifyFileext(off, len);
        if (fail != null) {
            return fail;
        }
        fail = verifyFsbext(geo, fsbno, len);
        if (fail != null) {
            return fail;
        }
        if (irec.state() != ExtState.NORM && whichfork != WhichFork.DATA) {
            return "unwritten extent in the " + whichfork + " fork";
        }
        return null;
    }

    /** Ports xfs_verify_fileext: the range must not wrap and must end by XFS_MAX_FILEOFF. */
    static String verifyFileext(long off, long len) {
        if (len <= 0 || off < 0 || off + len <= off) {
            return "file range [" + off + ", +" + len + ") wraps";
        }
        if (off > BmbtIrec.MAX_FILEOFF || off + len - 1 > BmbtIrec.MAX_FILEOFF) {
            return "file range [" + off + ", +" + len + ") beyond XFS_MAX_FILEOFF";
        }
        return null;
    }

    /**
     * Ports xfs_verify_fsbext: both ends must be valid data-device blocks of the same AG; an extent never spans AGs
     * because each AG allocates on its own.
     */
    static String verifyFsbext(Geometry geo, long fsbno, long len) {
        long end = fsbno + len - 1;
        if (fsbno < 0 || end < fsbno) {
            return "block range " + fsbno + "+" + len + " wraps";
        }
        String fail = verifyFsbno(geo, fsbno);
        if (fail == null) {
            fail = verifyFsbno(geo, end);
        }
        if (fail != null) {
            return fail;
        }
        if (geo.fsbToAgno(fsbno) != geo.fsbToAgno(end)) {
            return "block range " + fsbno + "+" + len + " crosses an AG boundary";
        }
        return null;
    }

    /**
     * Ports xfs_verify_fsbno: the AG must exist and the block must lie after the AG headers (past XFS_AGFL_BLOCK)
     * and before the AG's end (the last AG may be short).
     */
    static String verifyFsbno(Geometry geo, long fsbno) {
        long agno = fsbno >>> geo.agblklog;
        if (agno >= geo.agcount) {
            return "fsblock " + fsbno + " in AG " + agno + " beyond agcount " + geo.agcount;
        }
        long agbno = geo.fsbToAgbno(fsbno);
        if (agbno >= geo.agBlockCount((int) agno)) {
            return "fsblock " + fsbno + " (agbno " + agbno + ") beyond the end of AG " + agno;
        }
        if (agbno <= agflBlock(geo)) {
            return "fsblock " + fsbno + " (agbno " + agbno + ") inside the AG " + agno + " headers";
        }
        return null;
    }

    /** XFS_AGFL_BLOCK: the block holding the AGFL, the last AG header (sector 3). */
    static long agflBlock(Geometry geo) {
        final int agflSector = 3; // XFS_AGFL_DADDR: SB, AGF, AGI, then AGFL
        long agflDaddr = (long) agflSector << (geo.sectlog - Geometry.BBSHIFT);
        return agflDaddr >>> (geo.blocklog - Geometry.BBSHIFT);
    }
}
