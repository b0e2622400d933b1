// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.check;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jxfs.bmap.WhichFork;
import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.ialloc.InobtRec;

/**
 * Phase 3 of xfs_repair (dino_chunks.c process_inode_chunk, dinode.c process_dinode): every inode of every chunk
 * the inobt lists, its CRC and core checked by the inode verifier's rules, its state agreeing with the inobt's
 * free mask, its forks walked ({@link ForkCheck}) with di_nextents and di_nblocks compared with what they map.
 * In-use inodes are kept in {@code table} for phases 6 and 7.
 */
final class InodeScan {
    private static final String INODE = "xfs_inode";

    private final CheckContext c;
    private final Map<Long, InodeInfo> table;

    InodeScan(CheckContext c, Map<Long, InodeInfo> table) {
        this.c = c;
        this.table = table;
    }

    void scanAg(int agno, List<InobtRec> chunks) {
        Geometry g = c.geo;
        for (InobtRec r : chunks) {
            long allocmask = r.allocmask();
            for (int i = 0; i < Geometry.INODES_PER_CHUNK; i++) {
                if ((allocmask >>> i & 1) == 0) {
                    continue;
                }
                long agino = r.startino + i;
                long agbno = g.aginoToAgbno(agino);
                if (!c.blocks.inAg(agno, agbno, 1)) {
                    break;
                }
                long ino = g.aginoToIno(agno, agino);
                XfsBuf bp = c.readRaw(INODE, c.inoWhere(ino), g.agbToDaddr(agno, agbno), g.blockBb());
                if (bp == null) {
                    break;
                }
                int off = (int) ((agino % g.inopblock) << g.inodelog);
                try {
                    inode(ino, bp.data(), off, (r.free >>> i & 1) != 0);
                } catch (RuntimeException e) {
                    c.findings.add(INODE, c.inoWhere(ino), "cannot be followed (" + e + ")");
                    c.blocks.markAllIncomplete();
                }
            }
        }
    }

    private void inode(long ino, byte[] block, int off, boolean free) {
        Geometry g = c.geo;
        String where = c.inoWhere(ino);
        Dinode d = new Dinode(block, off);
        if (d.magic() != Dinode.MAGIC || d.version() != Dinode.VERSION) {
            c.findings.add(INODE, where, d.magic() != Dinode.MAGIC ? "bad magic 0x" + Integer.toHexString(d.magic())
                    : "di_version " + d.version() + " is not 3");
            if (!free) {
                c.blocks.markAllIncomplete();   // its forks, wherever they are, cannot be followed
            }
            return;
        }
        if (!Dinode.verifyCrc(block, off, g.inodesize)) {
            c.findings.add(INODE, where, "CRC mismatch");
        }
        long next = d.nextUnlinked();
        if (next != Geometry.NULLAGINO) {
            c.findings.add(INODE, where, "di_next_unlinked " + next + " on an inode in no unlinked list");
        }
        if (free) {
            if (d.mode() != 0) {
                c.findings.add(INODE, where, "marked free in the inobt but in use (di_mode 0"
                        + Integer.toOctalString(d.mode()) + ")");
            }
            return;
        }
        if (d.mode() == 0) {
            c.findings.add(INODE, where, "marked in use in the inobt but free (di_mode 0)");
            return;
        }
        // the verifier's rules, on a copy whose CRC is made good so a bad CRC does not hide the rest
        byte[] copy = Arrays.copyOfRange(block, off, off + g.inodesize);
        Dinode.updateCrc(copy, 0, g.inodesize);
        String why = Dinode.verify(copy, 0, g.inodesize, ino, c.dinodeContext);
        if (why != null) {
            c.findings.add(INODE, where, why);
            if (d.nblocks() != 0) {
                c.blocks.markAllIncomplete();
            }
            return;
        }
        if ((d.flags() & Dinode.DIFLAG_REALTIME) != 0 && c.sb.rblocks() == 0) {
            c.findings.add(INODE, where, "realtime flag set without a realtime device");
        }
        forks(ino, d, block, off, where);
    }

    private void forks(long ino, Dinode d, byte[] block, int off, String where) {
        Geometry g = c.geo;
        int fmt = d.mode() & Dinode.S_IFMT;
        int dsize = d.dataForkSize(g.inodesize);
        int doff = off + Dinode.dataForkOffset();
        ForkCheck.Result data = switch (d.format()) {
            case Dinode.FMT_EXTENTS -> ForkCheck.extents(c, ino, WhichFork.DATA, block, doff, dsize, d.dataExtents());
            case Dinode.FMT_BTREE -> ForkCheck.btree(c, ino, WhichFork.DATA, block, doff, dsize);
            default -> null;
        };
        ForkCheck.Result attr = null;
        if (d.forkoff() != 0) {
            int aoff = off + d.attrForkOffset();
            int asize = d.attrForkSize(g.inodesize);
            attr = switch (d.aformat()) {
                case Dinode.FMT_EXTENTS -> ForkCheck.extents(c, ino, WhichFork.ATTR, block, aoff, asize,
                        d.attrExtents());
                case Dinode.FMT_BTREE -> ForkCheck.btree(c, ino, WhichFork.ATTR, block, aoff, asize);
                default -> null;
            };
        }
        if (data != null && data.extents() != d.dataExtents()) {
            c.findings.add(INODE, where, "di_nextents " + d.dataExtents() + ", counted " + data.extents());
        }
        if (attr != null && attr.extents() != d.attrExtents()) {
            c.findings.add(INODE, where, "di_anextents " + d.attrExtents() + ", counted " + attr.extents());
        }
        long blocks = (data == null ? 0 : data.blocks()) + (attr == null ? 0 : attr.blocks());
        if (d.nblocks() != blocks) {
            c.findings.add(INODE, where, "di_nblocks " + d.nblocks() + ", counted " + blocks);
        }
        if (fmt == Dinode.S_IFLNK) {
            long mapped = data == null ? dsize : g.fsbToB(data.blocks());
            if (d.size() > mapped || d.size() > SYMLINK_MAXLEN) {
                c.findings.add(INODE, where, "symlink di_size " + d.size() + " larger than its "
                        + (data == null ? "fork" : "blocks") + " or the longest symlink");
            }
        }
        if (fmt == Dinode.S_IFDIR) {
            byte[] local = d.format() == Dinode.FMT_LOCAL ? Arrays.copyOfRange(block, doff, doff + dsize) : null;
            table.put(ino, new InodeInfo(ino, d.mode(), d.nlink(), d.size(), local, data == null ? null
                    : data.maps()));
        } else {
            table.put(ino, new InodeInfo(ino, d.mode(), d.nlink(), d.size(), null, null));
        }
    }

    /** XFS_SYMLINK_MAXLEN. */
    private static final int SYMLINK_MAXLEN = 1024;
}
