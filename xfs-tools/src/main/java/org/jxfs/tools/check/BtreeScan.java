// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.format.BigEndian;
import org.jxfs.core.format.BtreeBlock;
import org.jxfs.core.format.BtreeBlockOps;

/**
 * A tolerant walk of one btree from its root down, as xfs_repair's scan_sbtree / scan_lbtree do it: every block
 * is claimed in the block map, read and verified (a failure is a finding and ends that branch), its level, owner,
 * record count, sibling links and the key its parent holds for it checked; leaf records go to a visitor. Short
 * (AG) trees address blocks by agbno, long (bmbt) trees by fsbno.
 */
final class BtreeScan {
    /** Receives each leaf record: the block's bytes, the record's offset and where the block is. */
    interface RecordVisitor {
        void record(byte[] b, int off, String where);
    }

    /** The first key a leaf record stands for, as the parent's key holds it (the record's prefix when null). */
    interface RecordKey {
        byte[] key(byte[] b, int off);
    }

    private final CheckContext c;
    private final BtreeBlockOps ops;
    private final Owner owner;
    private final int agno;
    private final long inoOwner;
    private final RecordVisitor visitor;
    private final RecordKey recordKey;
    private final boolean checkKeys;
    private final Set<Long> visited = new HashSet<>();
    private final List<Long> lastPtr = new ArrayList<>();
    private final List<Long> lastRight = new ArrayList<>();
    private final List<String> lastWhere = new ArrayList<>();
    private int blocks;
    private int records;

    private BtreeScan(CheckContext c, BtreeBlockOps ops, Owner owner, int agno, long inoOwner, RecordVisitor visitor,
            RecordKey recordKey, boolean checkKeys) {
        this.c = c;
        this.ops = ops;
        this.owner = owner;
        this.agno = agno;
        this.inoOwner = inoOwner;
        this.visitor = visitor;
        this.recordKey = recordKey;
        this.checkKeys = checkKeys;
    }

    /** A walk of an AG btree (agno's bnobt, cntbt, inobt, finobt, refcountbt, rmapbt). */
    static BtreeScan ag(CheckContext c, BtreeBlockOps ops, Owner owner, int agno, RecordVisitor visitor,
            boolean checkKeys) {
        return new BtreeScan(c, ops, owner, agno, -1, visitor, null, checkKeys);
    }

    /** A walk of an inode's bmbt below its root in the inode fork. */
    static BtreeScan bmbt(CheckContext c, long ino, RecordVisitor visitor, RecordKey recordKey) {
        return new BtreeScan(c, BtreeBlockOps.BMBT, Owner.BMBT, -1, ino, visitor, recordKey, true);
    }

    int blocks() {
        return blocks;
    }

    int records() {
        return records;
    }

    /** Walks the tree whose root block is {@code root} with {@code levels} levels (from the AG header). */
    void fromRoot(long root, int levels, String headerStructure, String headerWhere) {
        if (levels < 1 || levels > ops.maxLevel()) {
            c.findings.add(headerStructure, headerWhere, ops.name() + " height " + levels + " outside 1.."
                    + ops.maxLevel());
            return;
        }
        visit(root, levels - 1, null, true, headerStructure, headerWhere);
        finish();
    }

    /**
     * Walks one child of a root held elsewhere (the inode fork's bmdr root). Like xfs_repair's process_btinode, the
     * blocks right below the inode's root are held to no minimum record count. Call {@link #finish} after the last.
     */
    void child(long ptr, int level, byte[] key, String parentStructure, String parentWhere) {
        visit(ptr, level, key, true, parentStructure, parentWhere);
    }

    /** The last block of every level must end its sibling chain. */
    void finish() {
        for (int lev = 0; lev < lastRight.size(); lev++) {
            Long right = lastRight.get(lev);
            if (right != null && right != nullPtr()) {
                c.findings.add(ops.name(), lastWhere.get(lev), "last block of level " + lev + " has right sibling "
                        + right);
            }
        }
    }

    private long nullPtr() {
        return ops.longForm() ? BtreeBlock.NULL_LONG_PTR : BtreeBlock.NULL_SHORT_PTR;
    }

    private boolean validPtr(long ptr) {
        if (ops.longForm()) {
            return c.blocks.validFsbExtent(ptr, 1);
        }
        return ptr != 0 && c.blocks.inAg(agno, ptr, 1);
    }

    private String where(long ptr) {
        if (ops.longForm()) {
            return "inode " + inoOwner + " fsbno " + ptr + " (" + Finding.daddr(c.geo.fsbToDaddr(ptr)) + ")";
        }
        return c.agbWhere(agno, ptr);
    }

    private void visit(long ptr, int level, byte[] parentKey, boolean root, String parentStructure,
            String parentWhere) {
        if (!validPtr(ptr)) {
            c.findings.add(parentStructure, parentWhere, "bad " + ops.name() + " block pointer " + ptr);
            lostBranch();
            return;
        }
        if (!visited.add(ptr)) {
            c.findings.add(parentStructure, parentWhere, ops.name() + " block " + ptr + " is pointed at twice");
            return;
        }
        String where = where(ptr);
        if (ops.longForm()) {
            c.blocks.claimFsb(ptr, 1, owner, ops.name(), where);
        } else {
            c.blocks.claim(agno, ptr, 1, owner, ops.name(), where);
        }
        blocks++;
        long daddr = ops.longForm() ? c.geo.fsbToDaddr(ptr) : c.geo.agbToDaddr(agno, ptr);
        XfsBuf bp = c.read(ops, where, daddr, c.geo.blockBb());
        if (bp == null) {
            lostBranch();
            return;
        }
        byte[] b = bp.data();
        if (BtreeBlock.level(b) != level) {
            c.findings.add(ops.name(), where, "bb_level " + BtreeBlock.level(b) + ", expected " + level);
            lostBranch();
            return;
        }
        if (ops.longForm() && BtreeBlock.lOwner(b) != inoOwner) {
            c.findings.add(ops.name(), where, "bb_owner " + BtreeBlock.lOwner(b) + " is not inode " + inoOwner);
        }
        int n = BtreeBlock.numrecs(b);
        int min = ops.maxRecs(b.length, level == 0) / 2;
        if (!root && n < min) {
            c.findings.add(ops.name(), where, "bb_numrecs " + n + " below the minimum " + min);
        }
        if (root && n == 0 && level > 0 && !ops.longForm()) {
            c.findings.add(ops.name(), where, "empty root node");
        }
        checkSiblings(b, ptr, level, where);
        if (checkKeys && parentKey != null && n > 0) {
            byte[] first = level > 0 ? Arrays.copyOfRange(b, ops.headerLen(), ops.headerLen() + ops.keyLen())
                    : recordKey != null ? recordKey.key(b, ops.headerLen())
                    : Arrays.copyOfRange(b, ops.headerLen(), ops.headerLen() + ops.keyLen());
            if (!Arrays.equals(first, parentKey)) {
                c.findings.add(ops.name(), where, "the parent's key does not match the block's first key");
            }
        }
        int hdr = ops.headerLen();
        if (level == 0) {
            for (int i = 0; i < n; i++) {
                records++;
                visitor.record(b, hdr + i * ops.recLen(), where);
            }
            return;
        }
        int maxKeys = ops.maxRecs(b.length, false);
        for (int i = 0; i < n; i++) {
            int ptrOff = hdr + maxKeys * ops.keyLen() + i * ops.ptrLen();
            long child = ops.ptrLen() == 8 ? BigEndian.u64(b, ptrOff) : BigEndian.u32(b, ptrOff);
            byte[] key = Arrays.copyOfRange(b, hdr + i * ops.keyLen(), hdr + (i + 1) * ops.keyLen());
            visit(child, level - 1, key, false, ops.name(), where);
        }
    }

    /** A subtree that cannot be followed leaves blocks unclaimed: in this AG, or for a bmbt in any AG. */
    private void lostBranch() {
        for (int a = 0; a < c.geo.agcount; a++) {
            if (ops.longForm() || a == agno) {
                c.blocks.markIncomplete(a);
            }
        }
    }

    /** Each level's blocks, met left to right, must link to each other and end with null pointers. */
    private void checkSiblings(byte[] b, long ptr, int level, String where) {
        while (lastPtr.size() <= level) {
            lastPtr.add(null);
            lastRight.add(null);
            lastWhere.add(null);
        }
        long left = ops.longForm() ? BtreeBlock.lLeftsib(b) : BtreeBlock.sLeftsib(b);
        long right = ops.longForm() ? BtreeBlock.lRightsib(b) : BtreeBlock.sRightsib(b);
        Long prev = lastPtr.get(level);
        long expectLeft = prev == null ? nullPtr() : prev;
        if (left != expectLeft) {
            c.findings.add(ops.name(), where, "bb_leftsib " + left + ", expected " + expectLeft);
        }
        if (prev != null && lastRight.get(level) != ptr) {
            c.findings.add(ops.name(), lastWhere.get(level), "bb_rightsib " + lastRight.get(level) + ", expected "
                    + ptr);
        }
        lastPtr.set(level, ptr);
        lastRight.set(level, right);
        lastWhere.set(level, where);
    }
}
