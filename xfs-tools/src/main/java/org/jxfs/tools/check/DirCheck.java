// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.check;

import static org.jxfs.core.format.BigEndian.u64;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jxfs.bmap.BmbtIrec;
import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.format.Dir2Sf;
import org.jxfs.core.format.Dir2SfEntry;
import org.jxfs.core.format.Geometry;
import org.jxfs.fs.Dir2Block;
import org.jxfs.fs.DirBlockOps;

/**
 * Phase 6 of xfs_repair (phase6.c): every directory's entries (short form, block, and the data blocks of leaf and
 * node directories; their leaf, node and free-index blocks are checked for CRC and owner only), each entry naming an
 * in-use inode of the file type it records, '.' naming the directory and '..' its parent, every directory linked
 * from exactly one parent; then the inodes no path from the root reaches. References are counted for phase 7.
 */
final class DirCheck {
    private static final String DIR = "xfs_dir3";
    /** XFS_DIR2_LEAF_OFFSET in bytes: the data space of a directory is below 32 GiB. */
    private static final long LEAF_SPACE_BYTES = org.jxfs.core.format.Dir2Space.LEAF_OFFSET;

    private final CheckContext c;
    private final Map<Long, InodeInfo> table;
    private final Map<Long, List<Long>> children = new java.util.HashMap<>();
    /** The names seen in each directory, for xfs_repair's duplicate-name check (dir_hash_add). */
    private final Map<Long, java.util.Set<String>> names = new java.util.HashMap<>();

    DirCheck(CheckContext c, Map<Long, InodeInfo> table) {
        this.c = c;
        this.table = table;
    }

    void run() {
        for (InodeInfo ip : table.values()) {
            if (ip.isDir()) {
                try {
                    directory(ip);
                } catch (RuntimeException e) {
                    c.findings.add(DIR, c.inoWhere(ip.ino), "directory cannot be followed (" + e + ")");
                }
            }
        }
        long root = c.sb.rootino();
        InodeInfo r = table.get(root);
        if (r == null || !r.isDir()) {
            c.findings.add("xfs_sb", "agno 0 (daddr 0x0)", "root inode " + root + " is not an in-use directory");
        } else {
            r.parent = root;
            reach(r);
        }
        for (InodeInfo ip : table.values()) {
            if (ip.isDir() && ip.reached && ip.dotdot >= 0 && ip.dotdot != ip.parent) {
                c.findings.add(DIR, c.inoWhere(ip.ino), "'..' is " + ip.dotdot + " but the directory is in "
                        + ip.parent);
            }
            if (!ip.reached && !isMetadataInode(ip.ino)) {
                c.findings.add("xfs_inode", c.inoWhere(ip.ino), "disconnected: no directory path from the root"
                        + " reaches it");
            }
        }
    }

    /** The inodes the superblock owns: realtime bitmap and summary, quota files; none has a parent. */
    boolean isMetadataInode(long ino) {
        return ino == c.sb.rbmino() || ino == c.sb.rsumino() || ino == c.sb.uquotino() || ino == c.sb.gquotino()
                || ino == c.sb.pquotino();
    }

    private void reach(InodeInfo start) {
        java.util.ArrayDeque<InodeInfo> todo = new java.util.ArrayDeque<>();
        start.reached = true;
        todo.add(start);
        while (!todo.isEmpty()) {
            InodeInfo d = todo.poll();
            for (long child : children.getOrDefault(d.ino, List.of())) {
                InodeInfo ch = table.get(child);
                if (ch != null && !ch.reached) {
                    ch.reached = true;
                    if (ch.isDir()) {
                        todo.add(ch);
                    }
                }
            }
        }
    }

    private void directory(InodeInfo ip) {
        String where = c.inoWhere(ip.ino);
        if (ip.localFork != null) {
            int size = (int) Math.min(ip.size, ip.localFork.length);
            String why = Dir2Sf.verify(ip.localFork, 0, size, c.ftype, c.geo, c.geo.dirBlockSize());
            if (why != null) {
                c.findings.add(DIR, where, "short-form directory: " + why);
                return;
            }
            ip.dotdot = Dir2Sf.parent(ip.localFork, 0);
            entries(ip, where, Dir2Sf.entries(ip.localFork, 0, c.ftype));
            return;
        }
        if (ip.maps == null) {
            return;
        }
        Geometry g = c.geo;
        int dirFsbs = 1 << g.dirblklog;
        long leafFsb = LEAF_SPACE_BYTES >> g.blocklog;
        boolean blockForm = ip.size == g.dirBlockSize();
        for (BmbtIrec m : ip.maps) {
            if (!m.isRealExtent() || !c.blocks.validFsbExtent(m.startblock(), m.blockcount())) {
                continue;
            }
            for (long k = 0; k < m.blockcount(); k += dirFsbs) {
                if ((m.startoff() + k) % dirFsbs != 0 || k + dirFsbs > m.blockcount()) {
                    c.findings.add(DIR, where, "directory block at offset " + (m.startoff() + k)
                            + " is not a whole aligned extent");
                    continue;
                }
                long fsb = m.startblock() + k;
                long daddr = g.fsbToDaddr(fsb);
                String bwhere = "inode " + ip.ino + " dir block " + (m.startoff() + k) + " ("
                        + Finding.daddr(daddr) + ")";
                if (m.startoff() + k < leafFsb) {
                    dataBlock(ip, bwhere, daddr, dirFsbs, blockForm && m.startoff() + k == 0);
                } else {
                    indexBlock(ip, bwhere, daddr, dirFsbs);
                }
            }
        }
    }

    private void dataBlock(InodeInfo ip, String where, long daddr, int dirFsbs, boolean blockForm) {
        int bb = (int) c.geo.fsbToBb(dirFsbs);
        XfsBuf raw = c.readRaw(DIR, where, daddr, bb);
        if (raw == null) {
            return;
        }
        byte[] b = raw.data();
        if (blockForm) {
            XfsBuf bp = c.read(DirBlockOps.INSTANCE, where, daddr, bb);
            if (bp == null) {
                return;
            }
            checkOwner(ip, b, Dir2Block.OFF_OWNER, DirBlockOps.INSTANCE.name(), where);
            Dir2Block.Contents contents = Dir2Block.parse(b, c.ftype);
            checkDot(ip, b, DirBlockOps.INSTANCE.name(), where);
            ip.dotdot = contents.parent();
            entries(ip, where, contents.entries());
            return;
        }
        String s = "xfs_dir3_data";
        if (Dir3DataBlock.magic32(b) != Dir3DataBlock.DATA_MAGIC) {
            c.findings.add(s, where, "bad magic 0x" + Long.toHexString(Dir3DataBlock.magic32(b)));
            return;
        }
        if (!Dir3DataBlock.crcOk(b, Dir2Block.OFF_CRC)) {
            c.findings.add(s, where, "CRC mismatch");
        }
        if (u64(b, Dir2Block.OFF_BLKNO) != daddr) {
            c.findings.add(s, where, "blkno 0x" + Long.toHexString(u64(b, Dir2Block.OFF_BLKNO))
                    + " is not the block's daddr");
        }
        if (!Arrays.equals(b, Dir2Block.OFF_UUID, Dir2Block.OFF_UUID + 16, c.metaUuid(), 0, 16)) {
            c.findings.add(s, where, "uuid does not match the filesystem");
        }
        checkOwner(ip, b, Dir2Block.OFF_OWNER, s, where);
        Dir3DataBlock.Parsed parsed = Dir3DataBlock.parse(b, c.ftype);
        if (parsed.error() != null) {
            c.findings.add(s, where, parsed.error());
        }
        List<Dir2SfEntry> rest = new ArrayList<>();
        for (Dir2SfEntry e : parsed.entries()) {
            if (e.offset() == Dir2Block.DOT_OFFSET && e.nameString().equals(".")) {
                if (e.ino() != ip.ino) {
                    c.findings.add(s, where, "'.' is " + e.ino() + ", not the directory");
                }
            } else if (e.offset() == Dir2Block.DOTDOT_OFFSET && e.nameString().equals("..")) {
                ip.dotdot = e.ino();
            } else {
                rest.add(e);
            }
        }
        entries(ip, where, rest);
    }

    /** Leaf, node and free-index blocks: magic, CRC, owner; their hash index is not followed. */
    private void indexBlock(InodeInfo ip, String where, long daddr, int dirFsbs) {
        XfsBuf raw = c.readRaw(DIR, where, daddr, (int) c.geo.fsbToBb(dirFsbs));
        if (raw == null) {
            return;
        }
        byte[] b = raw.data();
        int da = Dir3DataBlock.daMagic(b);
        if (da == Dir3DataBlock.LEAF1_MAGIC || da == Dir3DataBlock.LEAFN_MAGIC || da == Dir3DataBlock.DA3_NODE_MAGIC) {
            String s = da == Dir3DataBlock.DA3_NODE_MAGIC ? "xfs_da3_node" : "xfs_dir3_leaf";
            if (!Dir3DataBlock.crcOk(b, Dir3DataBlock.DA_OFF_CRC)) {
                c.findings.add(s, where, "CRC mismatch");
            }
            checkOwner(ip, b, Dir3DataBlock.DA_OFF_OWNER, s, where);
        } else if (Dir3DataBlock.magic32(b) == Dir3DataBlock.FREE_MAGIC) {
            if (!Dir3DataBlock.crcOk(b, Dir2Block.OFF_CRC)) {
                c.findings.add("xfs_dir3_free", where, "CRC mismatch");
            }
            checkOwner(ip, b, Dir2Block.OFF_OWNER, "xfs_dir3_free", where);
        } else {
            c.findings.add(DIR, where, "not a leaf, node or free-index block (magic 0x"
                    + Long.toHexString(Dir3DataBlock.magic32(b)) + ")");
        }
    }

    private void checkOwner(InodeInfo ip, byte[] b, int off, String s, String where) {
        if (u64(b, off) != ip.ino) {
            c.findings.add(s, where, "owner " + u64(b, off) + " is not inode " + ip.ino);
        }
    }

    private void checkDot(InodeInfo ip, byte[] b, String s, String where) {
        long dot = u64(b, Dir2Block.DOT_OFFSET + Dir2Block.OFF_ENT_INUMBER);
        if (dot != ip.ino) {
            c.findings.add(s, where, "'.' is " + dot + ", not the directory");
        }
    }

    /** Ports the per-entry checks of longform_dir2_entry_check_data / shortform_dir2_entry_check. */
    private void entries(InodeInfo dir, String where, List<Dir2SfEntry> entries) {
        List<Long> kids = children.computeIfAbsent(dir.ino, k -> new ArrayList<>());
        for (Dir2SfEntry e : entries) {
            String name = new String(e.name(), StandardCharsets.UTF_8);
            if (name.equals(".") || name.equals("..") || name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
                c.findings.add(DIR, where, "entry '" + name + "' has an invalid name");
                continue;
            }
            if (!names.computeIfAbsent(dir.ino, k -> new java.util.HashSet<>()).add(name)) {
                c.findings.add(DIR, where, "duplicate name '" + name + "' in directory " + dir.ino);
                continue;
            }
            InodeInfo target = table.get(e.ino());
            if (target == null) {
                c.findings.add(DIR, where, "entry '" + name + "' in directory " + dir.ino
                        + " references free or invalid inode " + e.ino());
                continue;
            }
            if (isMetadataInode(e.ino())) {
                c.findings.add(DIR, where, "entry '" + name + "' references metadata inode " + e.ino());
                continue;
            }
            if (c.ftype && e.ftype() != Dinode.modeToFtype(target.mode)) {
                c.findings.add(DIR, where, "entry '" + name + "' has file type " + e.ftype() + ", inode " + e.ino()
                        + " is type " + Dinode.modeToFtype(target.mode));
            }
            if (target.isDir()) {
                if (target.parent >= 0 || e.ino() == c.sb.rootino()) {
                    c.findings.add(DIR, where, "entry '" + name + "' is a second link to directory " + e.ino()
                            + (target.parent >= 0 ? " (also in " + target.parent + ")" : ""));
                    continue;
                }
                target.parent = dir.ino;
            }
            target.refs++;
            kids.add(e.ino());
        }
    }

    /** Subdirectories found in each directory, for phase 7. */
    Map<Long, List<Long>> children() {
        return children;
    }
}
