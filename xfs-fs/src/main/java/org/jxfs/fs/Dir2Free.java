// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import static org.jxfs.core.format.BigEndian.putU16;
import static org.jxfs.core.format.BigEndian.putU32;
import static org.jxfs.core.format.BigEndian.putU64;
import static org.jxfs.core.format.BigEndian.u16;
import static org.jxfs.core.format.BigEndian.u32;

import java.util.Arrays;

/**
 * A free index block of a node directory (struct xfs_dir3_free, xfs_da_format.h): the dir3 block header, then
 * firstdb (the first data block it describes), nvalid (bests in use, trailing holes trimmed), nused (bests that are
 * not holes), then bests[]: each data block's longest free region, NULLDATAOFF for a hole.
 */
final class Dir2Free {
    /** XFS_DIR3_FREE_MAGIC 'XDF3'. */
    static final int MAGIC = org.jxfs.core.format.BufLogType.DIR3_FREE_MAGIC;
    /** struct xfs_dir3_free_hdr after the 48-byte xfs_dir3_blk_hdr (same offsets as the data block's). */
    static final int OFF_FIRSTDB = 48, OFF_NVALID = 52, OFF_NUSED = 56;
    static final int OFF_BESTS = 64, BEST_SIZE = 2;

    long firstdb;
    int[] bests;

    static Dir2Free decode(byte[] b) {
        Dir2Free f = new Dir2Free();
        f.firstdb = u32(b, OFF_FIRSTDB);
        int nvalid = (int) u32(b, OFF_NVALID);
        f.bests = new int[nvalid];
        for (int i = 0; i < nvalid; i++) {
            f.bests[i] = u16(b, OFF_BESTS + i * BEST_SIZE);
        }
        return f;
    }

    /** The header's firstdb, read from the block. */
    static long firstdb(byte[] b) {
        return u32(b, OFF_FIRSTDB);
    }

    /** The header's nvalid, read from the block (the free verifier has bounded it by the block). */
    static int nvalid(byte[] b) {
        return (int) u32(b, OFF_NVALID);
    }

    /**
     * The last index whose best is not a hole and is at least {@code need}, read from the block (the scan of
     * xfs_dir2_node_find_freeblk), or -1.
     */
    static int lastWithRoom(byte[] b, int need) {
        for (int i = nvalid(b) - 1; i >= 0; i--) {
            int best = u16(b, OFF_BESTS + i * BEST_SIZE);
            if (best != DirGeo.NULLDATAOFF && best >= need) {
                return i;
            }
        }
        return -1;
    }

    /**
     * {@link #set} in the block as it is (xfs_dir2_free_log_bests and xfs_dir2_free_log_header's changes): bests[i]
     * becomes {@code best}, nvalid grows over holes or drops trailing holes (their bytes zeroed), nused is
     * recounted. The bytes are those {@link #encode} gives. Returns nused.
     */
    static int setInPlace(byte[] b, int i, int best) {
        int nvalid = nvalid(b);
        for (int k = nvalid; k < i; k++) {
            putU16(b, OFF_BESTS + k * BEST_SIZE, DirGeo.NULLDATAOFF);
        }
        nvalid = Math.max(nvalid, i + 1);
        putU16(b, OFF_BESTS + i * BEST_SIZE, best);
        while (nvalid > 0 && u16(b, OFF_BESTS + (nvalid - 1) * BEST_SIZE) == DirGeo.NULLDATAOFF) {
            nvalid--;
            putU16(b, OFF_BESTS + nvalid * BEST_SIZE, 0);
        }
        int nused = 0;
        for (int k = 0; k < nvalid; k++) {
            nused += u16(b, OFF_BESTS + k * BEST_SIZE) != DirGeo.NULLDATAOFF ? 1 : 0;
        }
        putU32(b, OFF_NVALID, nvalid);
        putU32(b, OFF_NUSED, nused);
        return nused;
    }

    /** Sets bests[i], growing (with holes) or trimming trailing holes as xfs_dir2_free_log_bests' callers do. */
    void set(int i, int best) {
        if (i >= bests.length) {
            int old = bests.length;
            bests = Arrays.copyOf(bests, i + 1);
            Arrays.fill(bests, old, i + 1, DirGeo.NULLDATAOFF);
        }
        bests[i] = best;
        int n = bests.length;
        while (n > 0 && bests[n - 1] == DirGeo.NULLDATAOFF) {
            n--;
        }
        if (n != bests.length) {
            bests = Arrays.copyOf(bests, n);
        }
    }

    int nused() {
        int n = 0;
        for (int best : bests) {
            n += best != DirGeo.NULLDATAOFF ? 1 : 0;
        }
        return n;
    }

    /** Ports xfs_dir3_free_hdr_to_disk with the bests. The CRC is left to the buffer's write verifier. */
    void encode(byte[] b, long daddr, byte[] uuid, long owner) {
        Arrays.fill(b, (byte) 0);
        putU32(b, Dir2Block.OFF_MAGIC, MAGIC);
        putU64(b, Dir2Block.OFF_BLKNO, daddr);
        System.arraycopy(uuid, 0, b, Dir2Block.OFF_UUID, 16);
        putU64(b, Dir2Block.OFF_OWNER, owner);
        putU32(b, OFF_FIRSTDB, firstdb);
        putU32(b, OFF_NVALID, bests.length);
        putU32(b, OFF_NUSED, nused());
        for (int i = 0; i < bests.length; i++) {
            putU16(b, OFF_BESTS + i * BEST_SIZE, bests[i]);
        }
    }
}
