// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.format;

/**
 * The mount's geometry (the m_sb fields and m_* shifts of struct xfs_mount) and every unit conversion of
 * xfs_format.h / xfs_types.h that depends on it. Units: a packed fsblock is {@code agno << agblklog | agbno}; an
 * agbno is a block inside its AG; a daddr is a 512-byte sector (BB) from the start of the device; an inode number is
 * {@code agno << (agblklog + inopblog) | agbno << inopblog | slot}.
 */
public final class Geometry {
    /** BBSHIFT: a basic block is 512 bytes. */
    public static final int BBSHIFT = 9;
    public static final int BBSIZE = 1 << BBSHIFT;
    public static final long NULLAGBLOCK = 0xffffffffL;
    public static final long NULLFSBLOCK = -1L;
    public static final long NULLAGINO = 0xffffffffL;
    public static final long NULLFSINO = -1L;
    /** XFS_INODES_PER_CHUNK. */
    public static final int INODES_PER_CHUNK = 64;

    public final int blocksize;
    public final int blocklog;
    public final int sectsize;
    public final int sectlog;
    public final int inodesize;
    public final int inodelog;
    public final int inopblock;
    public final int inopblog;
    public final long agblocks;
    public final int agblklog;
    public final int agcount;
    public final long dblocks;
    public final long logstart;
    public final long logblocks;
    public final int inoalignmt;
    public final int dirblklog;

    public Geometry(int blocksize, int sectsize, int inodesize, long agblocks, int agcount, long dblocks,
            long logstart, long logblocks, int inoalignmt, int dirblklog) {
        this.blocksize = blocksize;
        this.blocklog = log2(blocksize);
        this.sectsize = sectsize;
        this.sectlog = log2(sectsize);
        this.inodesize = inodesize;
        this.inodelog = log2(inodesize);
        this.inopblock = blocksize / inodesize;
        this.inopblog = blocklog - inodelog;
        this.agblocks = agblocks;
        this.agblklog = log2Roundup(agblocks);
        this.agcount = agcount;
        this.dblocks = dblocks;
        this.logstart = logstart;
        this.logblocks = logblocks;
        this.inoalignmt = inoalignmt;
        this.dirblklog = dirblklog;
    }

    /** Exact log2 of a power of two. */
    public static int log2(long v) {
        return 63 - Long.numberOfLeadingZeros(v);
    }

    /** libxfs_highbit32 + 1 unless a power of two: ceil(log2(v)), as mkfs computes sb_agblklog. */
    public static int log2Roundup(long v) {
        return v <= 1 ? 0 : 64 - Long.numberOfLeadingZeros(v - 1);
    }

    // ---- basic blocks and bytes (XFS_BB_TO_FSB and friends) ----

    /** BTOBB: bytes to basic blocks, rounding up. */
    public static long bToBb(long bytes) {
        return (bytes + BBSIZE - 1) >>> BBSHIFT;
    }

    /** BTOBBT: bytes to basic blocks, rounding down. */
    public static long bToBbt(long bytes) {
        return bytes >>> BBSHIFT;
    }

    /** BBTOB. */
    public static long bbToB(long bb) {
        return bb << BBSHIFT;
    }

    /** XFS_FSB_TO_BB: blocks to basic blocks. */
    public long fsbToBb(long blocks) {
        return blocks << (blocklog - BBSHIFT);
    }

    /** XFS_BB_TO_FSBT: basic blocks to blocks, rounding down. */
    public long bbToFsbt(long bb) {
        return bb >>> (blocklog - BBSHIFT);
    }

    /** XFS_FSB_TO_B. */
    public long fsbToB(long blocks) {
        return blocks << blocklog;
    }

    /** XFS_B_TO_FSB: bytes to blocks, rounding up. */
    public long bToFsb(long bytes) {
        return (bytes + blocksize - 1) >>> blocklog;
    }

    /** XFS_B_TO_FSBT: bytes to blocks, rounding down. */
    public long bToFsbt(long bytes) {
        return bytes >>> blocklog;
    }

    // ---- AG-relative and packed block numbers ----

    /** XFS_FSB_TO_AGNO. */
    public int fsbToAgno(long fsbno) {
        return (int) (fsbno >>> agblklog);
    }

    /** XFS_FSB_TO_AGBNO. */
    public long fsbToAgbno(long fsbno) {
        return fsbno & ((1L << agblklog) - 1);
    }

    /** XFS_AGB_TO_FSB: packs (agno, agbno). */
    public long agbToFsb(int agno, long agbno) {
        return ((long) agno << agblklog) | agbno;
    }

    /** XFS_AG_DADDR / XFS_AGB_TO_DADDR: linear sector address of an AG block. */
    public long agbToDaddr(int agno, long agbno) {
        return fsbToBb((long) agno * agblocks + agbno);
    }

    /** XFS_FSB_TO_DADDR. */
    public long fsbToDaddr(long fsbno) {
        return agbToDaddr(fsbToAgno(fsbno), fsbToAgbno(fsbno));
    }

    /** XFS_DADDR_TO_FSB: linear sector address to a packed fsblock. */
    public long daddrToFsb(long daddr) {
        long linear = bbToFsbt(daddr);
        return agbToFsb((int) (linear / agblocks), linear % agblocks);
    }

    /** The linear block number of an fsblock (XFS_FSB_TO_DADDR in blocks). */
    public long fsbToLinear(long fsbno) {
        return (long) fsbToAgno(fsbno) * agblocks + fsbToAgbno(fsbno);
    }

    /** Number of blocks in AG {@code agno}: the last AG may be short (xfs_ag_block_count). */
    public long agBlockCount(int agno) {
        return agno < agcount - 1 ? agblocks : dblocks - (long) agno * agblocks;
    }

    /** XFS_AG_DADDR(mp, agno, XFS_SB_DADDR): sector of AG header {@code sectorIndex} (0 SB, 1 AGF, 2 AGI, 3 AGFL). */
    public long agHeaderDaddr(int agno, int sectorIndex) {
        return agbToDaddr(agno, 0) + ((long) sectorIndex << (sectlog - BBSHIFT));
    }

    /** Basic blocks per sector: the length of an AG header buffer (XFS_FSS_TO_BB(mp, 1)). */
    public int sectorBb() {
        return 1 << (sectlog - BBSHIFT);
    }

    /** Basic blocks per filesystem block: the length of a btree block buffer. */
    public int blockBb() {
        return 1 << (blocklog - BBSHIFT);
    }

    // ---- inode numbers ----

    /** XFS_INO_AGINO_BITS. */
    public int aginoBits() {
        return agblklog + inopblog;
    }

    /**
     * Ports xfs_verify_ino: an inode number in an existing AG whose block lies past the AG headers and inside the
     * AG (the last AG may be short). The kernel's first valid agino is also rounded up to the inode cluster
     * alignment; this bound is the headers' end.
     */
    public boolean verifyIno(long ino) {
        if (ino < 0) {
            return false;
        }
        int agno = inoToAgno(ino);
        if (agno >= agcount) {
            return false;
        }
        long agbno = inoToAgbno(ino);
        return agbno >= bToFsb(4L * sectsize) && agbno < agBlockCount(agno);
    }

    /** XFS_INO_TO_AGNO. */
    public int inoToAgno(long ino) {
        return (int) (ino >>> aginoBits());
    }

    /** XFS_INO_TO_AGINO. */
    public long inoToAgino(long ino) {
        return ino & ((1L << aginoBits()) - 1);
    }

    /** XFS_INO_TO_AGBNO. */
    public long inoToAgbno(long ino) {
        return (ino >>> inopblog) & ((1L << agblklog) - 1);
    }

    /** XFS_INO_TO_OFFSET: the inode's slot inside its block. */
    public int inoToOffset(long ino) {
        return (int) (ino & ((1L << inopblog) - 1));
    }

    /** XFS_AGINO_TO_INO. */
    public long aginoToIno(int agno, long agino) {
        return ((long) agno << aginoBits()) | agino;
    }

    /** XFS_AGINO_TO_AGBNO. */
    public long aginoToAgbno(long agino) {
        return agino >>> inopblog;
    }

    /** XFS_AGB_TO_AGINO. */
    public long agbToAgino(long agbno) {
        return agbno << inopblog;
    }

    /** XFS_INO_TO_FSB. */
    public long inoToFsb(long ino) {
        return agbToFsb(inoToAgno(ino), inoToAgbno(ino));
    }

    /** Byte offset of an inode on the device. */
    public long inoToByte(long ino) {
        return bbToB(agbToDaddr(inoToAgno(ino), inoToAgbno(ino))) + ((long) inoToOffset(ino) << inodelog);
    }

    /** Blocks in an inode chunk (XFS_INODES_PER_CHUNK / inopblock, at least one). */
    public int inodeChunkBlocks() {
        return Math.max(1, INODES_PER_CHUNK / inopblock);
    }

    /** The log's first sector. */
    public long logDaddr() {
        return fsbToDaddr(logstart);
    }

    /** Log length in basic blocks. */
    public long logBb() {
        return fsbToBb(logblocks);
    }

    /** Directory block size in bytes (sb_blocksize << sb_dirblklog). */
    public int dirBlockSize() {
        return blocksize << dirblklog;
    }
}
