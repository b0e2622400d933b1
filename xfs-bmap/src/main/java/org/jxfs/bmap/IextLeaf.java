// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bmap;

import it.unimi.dsi.fastutil.longs.LongArrays;

/**
 * struct xfs_iext_leaf: up to {@link IextTree#RECS_PER_LEAF} records, each the (hi, lo) words of a
 * {@link BmbtRec}, interleaved in one long[], plus the prev/next links that make iteration cheap.
 *
 * <p>Unlike the kernel's fixed 256-byte leaves, the array is sized to the records it holds (rounded up to
 * {@link IextTree#LEAF_GROW_RECS}), so a leaf left half full by a split or a merge costs half the memory: the
 * tree stays near 16 bytes per extent whatever the insertion order.
 */
final class IextLeaf {
    /** long words per record: hi then lo. */
    static final int LONGS_PER_REC = 2;

    long[] recs;
    int nr;
    IextLeaf prev;
    IextLeaf next;

    IextLeaf(int capacityRecs) {
        recs = new long[capacityRecs * LONGS_PER_REC];
    }

    int capacity() {
        return recs.length / LONGS_PER_REC;
    }

    long hi(int pos) {
        return recs[pos * LONGS_PER_REC];
    }

    long lo(int pos) {
        return recs[pos * LONGS_PER_REC + 1];
    }

    long startoff(int pos) {
        return BmbtRec.startoff(recs[pos * LONGS_PER_REC]);
    }

    /** xfs_iext_leaf_key: the startoff of the first record, this leaf's key in its parent. */
    long key() {
        return startoff(0);
    }

    /** The first file block after record {@code pos}. */
    long endoff(int pos) {
        int i = pos * LONGS_PER_REC;
        return BmbtRec.startoff(recs[i]) + BmbtRec.blockcount(recs[i + 1]);
    }

    void set(int pos, long hi, long lo) {
        recs[pos * LONGS_PER_REC] = hi;
        recs[pos * LONGS_PER_REC + 1] = lo;
    }

    /** Opens a gap at {@code pos} and fills it; the caller has made sure the leaf is not full. */
    void insertAt(int pos, long hi, long lo) {
        assert nr < IextTree.RECS_PER_LEAF && pos <= nr;
        if (nr == capacity()) {
            resize(nr + IextTree.LEAF_GROW_RECS);
        }
        System.arraycopy(recs, pos * LONGS_PER_REC, recs, (pos + 1) * LONGS_PER_REC, (nr - pos) * LONGS_PER_REC);
        set(pos, hi, lo);
        nr++;
    }

    /** Closes the gap at {@code pos}; gives memory back once the slack exceeds two growth steps. */
    void removeAt(int pos) {
        System.arraycopy(recs, (pos + 1) * LONGS_PER_REC, recs, pos * LONGS_PER_REC, (nr - pos - 1) * LONGS_PER_REC);
        nr--;
        if (capacity() - nr > 2 * IextTree.LEAF_GROW_RECS) {
            trim(0);
        }
    }

    /** Appends records {@code [from, from + n)} of {@code src}. */
    void append(IextLeaf src, int from, int n) {
        if (nr + n > capacity()) {
            resize(roundUp(nr + n));
        }
        System.arraycopy(src.recs, from * LONGS_PER_REC, recs, nr * LONGS_PER_REC, n * LONGS_PER_REC);
        nr += n;
    }

    /** Shrinks the array to the records held plus {@code spare}, rounded up to a growth step. */
    void trim(int spare) {
        int want = Math.max(IextTree.LEAF_GROW_RECS, roundUp(nr + spare));
        if (want < capacity()) {
            resize(want);
        }
    }

    private void resize(int capacityRecs) {
        recs = LongArrays.forceCapacity(recs, capacityRecs * LONGS_PER_REC, nr * LONGS_PER_REC);
    }

    static int roundUp(int recsNeeded) {
        int step = IextTree.LEAF_GROW_RECS;
        return Math.min(IextTree.RECS_PER_LEAF, (recsNeeded + step - 1) / step * step);
    }
}
