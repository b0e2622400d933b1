// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.mount;

import java.util.ArrayList;
import java.util.List;
import org.jxfs.core.FsCorruptedException;
import org.jxfs.core.XfsException;
import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.format.BigEndian;
import org.jxfs.core.format.BtreeBlock;
import org.jxfs.core.format.BtreeBlockOps;
import org.jxfs.core.format.Geometry;

/**
 * Reads a whole short-form AG btree for the checker, level by level along the sibling links (as xfs_repair's
 * scan_sbtree does), checking levels, sibling links and the minimum record count of non-root blocks. Records are
 * returned as {@code long[]}: free-space {start, count}; inobt {startino, inode count, free count}.
 */
final class ShortBtreeWalk {
    private final List<long[]> records = new ArrayList<>();
    private int blocks;
    private int levels;

    List<long[]> records() {
        return records;
    }

    int blocks() {
        return blocks;
    }

    int levels() {
        return levels;
    }

    static ShortBtreeWalk walk(Mount mp, int agno, long rootAgbno, BtreeBlockOps ops, List<String> problems)
            throws XfsException {
        ShortBtreeWalk w = new ShortBtreeWalk();
        Geometry geo = mp.geometry();
        String where = "AG " + agno + " " + ops.name() + ": ";
        long leftmost = rootAgbno;
        int expectLevel = -1;
        boolean root = true;
        while (true) {
            XfsBuf first = read(mp, agno, leftmost, ops, where);
            int level = BtreeBlock.level(first.data());
            if (expectLevel >= 0 && level != expectLevel) {
                problems.add(where + "block " + leftmost + " has level " + level + ", expected " + expectLevel);
                return w;
            }
            if (root) {
                w.levels = level + 1;
            }
            long agbno = leftmost;
            long prev = BtreeBlock.NULL_SHORT_PTR;
            long nextLeftmost = -1;
            while (agbno != BtreeBlock.NULL_SHORT_PTR) {
                XfsBuf bp = read(mp, agno, agbno, ops, where);
                byte[] b = bp.data();
                w.blocks++;
                if (BtreeBlock.level(b) != level) {
                    problems.add(where + "block " + agbno + " has level " + BtreeBlock.level(b) + ", expected " + level);
                }
                if (BtreeBlock.sLeftsib(b) != prev) {
                    problems.add(where + "block " + agbno + " left sibling " + BtreeBlock.sLeftsib(b) + ", expected "
                            + prev);
                }
                int n = BtreeBlock.numrecs(b);
                int max = level == 0 ? (b.length - BtreeBlock.SHORT_HDR_LEN) / ops.recLen()
                        : (b.length - BtreeBlock.SHORT_HDR_LEN) / (ops.keyLen() + ops.ptrLen());
                if (!root && n < max / 2) {
                    problems.add(where + "bad btree nrecs (" + n + ", min=" + max / 2 + ") in block " + agbno);
                }
                if (level == 0) {
                    for (int i = 0; i < n; i++) {
                        w.records.add(record(b, BtreeBlock.SHORT_HDR_LEN + i * ops.recLen(), ops));
                    }
                } else if (nextLeftmost < 0 && n > 0) {
                    nextLeftmost = BigEndian.u32(b, BtreeBlock.SHORT_HDR_LEN + max * ops.keyLen());
                }
                prev = agbno;
                agbno = BtreeBlock.sRightsib(b);
                if (w.blocks > geo.agblocks) {
                    throw new FsCorruptedException(where + "sibling chain loops");
                }
            }
            if (level == 0) {
                return w;
            }
            if (nextLeftmost < 0) {
                problems.add(where + "empty interior level " + level);
                return w;
            }
            leftmost = nextLeftmost;
            expectLevel = level - 1;
            root = false;
        }
    }

    private static XfsBuf read(Mount mp, int agno, long agbno, BtreeBlockOps ops, String where) throws XfsException {
        Geometry geo = mp.geometry();
        if (agbno == 0 || agbno >= geo.agBlockCount(agno)) {
            throw new FsCorruptedException(where + "block pointer " + agbno + " is outside the AG");
        }
        return mp.bufCache().read(geo.agbToDaddr(agno, agbno), geo.blockBb(), ops);
    }

    private static long[] record(byte[] b, int off, BtreeBlockOps ops) {
        if (ops.recLen() == 8) {
            return new long[] {BigEndian.u32(b, off), BigEndian.u32(b, off + 4)};
        }
        // xfs_inobt_rec: startino, then holemask/count/freecount (sparse) or freecount u32, then free mask.
        long startino = BigEndian.u32(b, off);
        long free = BigEndian.u64(b, off + 8);
        int holemask = BigEndian.u16(b, off + 4);
        int count = BigEndian.u8(b, off + 6);
        int freecount = BigEndian.u8(b, off + 7);
        if (holemask == 0 && count == 0) {
            // full chunk without the sparse layout: freecount is a u32
            return new long[] {startino, Geometry.INODES_PER_CHUNK, BigEndian.u32(b, off + 4), free};
        }
        return new long[] {startino, count, freecount, free};
    }
}
