// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bmap;

import org.jxfs.core.FsCorruptedException;
import org.jxfs.core.XfsException;
import org.jxfs.core.btree.Btree;
import org.jxfs.core.btree.BtreeCursor;
import org.jxfs.core.btree.Lookup;

/** The record-level bmbt helpers of xfs_bmap.c (xfs_bmbt_lookup_eq, xfs_bmbt_update) over the generic engine. */
final class Bmbt {
    private Bmbt() {
    }

    /** Ports xfs_bmbt_lookup_eq: the record starting at {@code irec}'s startoff; returns the stat. */
    static int lookupEq(BtreeCursor cur, BmbtIrec irec) throws XfsException {
        BmbtRec.pack(cur.rec(), 0, irec);
        return Btree.lookup(cur, Lookup.EQ);
    }

    /** xfs_bmbt_lookup_eq where the record must exist (the XFS_IS_CORRUPT(i != 1) the kernel follows it with). */
    static void lookupEqFound(BtreeCursor cur, BmbtIrec irec, long ino) throws XfsException {
        if (lookupEq(cur, irec) != 1) {
            throw corrupt(ino, "no bmbt record at " + irec.startoff() + " for " + irec);
        }
    }

    /** Ports xfs_bmbt_update: overwrites the record at the cursor. */
    static void update(BtreeCursor cur, BmbtIrec irec) throws XfsException {
        assert !irec.isDelay() : "delayed allocation written to the bmbt: " + irec;
        byte[] rec = new byte[BmbtRec.SIZE];
        BmbtRec.pack(rec, 0, irec);
        Btree.update(cur, rec);
    }

    /** cur->bc_rec.b = irec; xfs_btree_insert, which must succeed. */
    static void insert(BtreeCursor cur, BmbtIrec irec, long ino) throws XfsException {
        assert !irec.isDelay() : "delayed allocation written to the bmbt: " + irec;
        BmbtRec.pack(cur.rec(), 0, irec);
        if (Btree.insert(cur) != 1) {
            throw corrupt(ino, "bmbt insert of " + irec + " failed");
        }
    }

    /** xfs_btree_delete, which must find the record. */
    static void delete(BtreeCursor cur, long ino) throws XfsException {
        if (Btree.delete(cur) != 1) {
            throw corrupt(ino, "bmbt delete found no record");
        }
    }

    /** xfs_btree_decrement at the leaf level, which must find a record. */
    static void decrement(BtreeCursor cur, long ino) throws XfsException {
        if (Btree.decrement(cur, 0) != 1) {
            throw corrupt(ino, "bmbt decrement ran off the tree");
        }
    }

    /** xfs_btree_increment at the leaf level, which must find a record. */
    static void increment(BtreeCursor cur, long ino) throws XfsException {
        if (Btree.increment(cur, 0) != 1) {
            throw corrupt(ino, "bmbt increment ran off the tree");
        }
    }

    /** xfs_btree_increment at the leaf level where running off the end is fine (the insert goes there). */
    static void increment0(BtreeCursor cur) throws XfsException {
        Btree.increment(cur, 0);
    }

    static FsCorruptedException corrupt(long ino, String why) {
        return new FsCorruptedException("Metadata corruption detected: inode " + ino + " bmbt: " + why);
    }
}
