// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.db;

import java.util.Locale;
import org.jxfs.core.XfsException;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.format.Sb;
import org.jxfs.core.mount.Mount;

/**
 * Ports xfs_db's {@code frag} (db/frag.c, xfsprogs 6.1): walks every AG's inode btree, reads each allocated inode
 * of each chunk and counts, for the forks the options select, the extents a fork has ("actual") and the extents it
 * would have if every extent that follows another in file offset were merged with it ("ideal"; the disk addresses
 * play no part, which is why xfs_db calls the number largely meaningless).
 */
public final class Frag {
    /** frag's fork selection: -a attr forks, -d directories, -f files, -l symlinks, -q quota files, -R realtime
     * bitmap/summary, -r realtime files; none given means all. {@code -v} prints each inode's counts. */
    public record Options(boolean attr, boolean dirs, boolean files, boolean symlinks, boolean quota,
            boolean rtMeta, boolean rtFiles, boolean verbose) {
        /** Ports init's default: no selection means every kind. */
        public Options normalized() {
            if (!attr && !dirs && !files && !symlinks && !quota && !rtMeta && !rtFiles) {
                return new Options(true, true, true, true, true, true, true, verbose);
            }
            return this;
        }
    }

    private final Mount mp;
    private final Sb sb;
    private final Options opts;
    private final StringBuilder out = new StringBuilder();
    private long actual;
    private long ideal;

    private Frag(Mount mp, Options opts) {
        this.mp = mp;
        this.sb = mp.sb();
        this.opts = opts.normalized();
    }

    /** Ports frag_f: every AG, then the totals. Returns what xfs_db prints. */
    public static String run(Mount mp, Options opts) throws XfsException {
        Frag f = new Frag(mp, opts);
        InodeWalk.walk(mp, f::processInode, f.out);
        double answer = f.actual != 0 ? (double) (f.actual - f.ideal) * 100.0 / (double) f.actual : 0.0;
        f.out.append(String.format(Locale.ROOT, "actual %d, ideal %d, fragmentation factor %.2f%%%n", f.actual,
                f.ideal, answer));
        f.out.append("Note, this number is largely meaningless.\n");
        f.out.append("Files on this filesystem average ").append(cFormatF2((double) f.actual / (double) f.ideal))
                .append(" extents per file\n");
        return f.out.toString();
    }

    /** printf's %.2f, whose NaN (0/0 on x86) prints as "-nan". */
    static String cFormatF2(double v) {
        if (Double.isNaN(v)) {
            return "-nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** Ports process_inode: which forks the options count for this inode's type. */
    private void processInode(int agno, long ino, Dinode dip) throws XfsException {
        boolean skipd;
        switch (dip.mode() & Dinode.S_IFMT) {
            case Dinode.S_IFDIR -> skipd = !opts.dirs();
            case Dinode.S_IFREG -> {
                if (!opts.rtFiles() && (dip.flags() & Dinode.DIFLAG_REALTIME) != 0) {
                    skipd = true;
                } else if (!opts.rtMeta() && (ino == sb.rbmino() || ino == sb.rsumino())) {
                    skipd = true;
                } else if (!opts.quota() && (ino == sb.uquotino() || ino == sb.gquotino() || ino == sb.pquotino())) {
                    skipd = true;
                } else {
                    skipd = !opts.files();
                }
            }
            case Dinode.S_IFLNK -> skipd = !opts.symlinks();
            default -> skipd = true;
        }
        long actualBefore = actual;
        long idealBefore = ideal;
        if (!skipd) {
            processFork(dip, ForkWalk.DATA_FORK);
        }
        boolean skipa = !opts.attr() || dip.forkoff() == 0;
        if (!skipa) {
            processFork(dip, ForkWalk.ATTR_FORK);
        }
        if (opts.verbose() && (!skipd || !skipa)) {
            out.append("inode ").append(ino).append(" actual ").append(actual - actualBefore).append(" ideal ")
                    .append(ideal - idealBefore).append('\n');
        }
    }

    /** Ports process_fork and extmap_ideal: the fork's extents in order, a new "ideal" extent at each gap. */
    private void processFork(Dinode dip, int whichfork) throws XfsException {
        long nex = whichfork == ForkWalk.DATA_FORK ? dip.dataExtents() : dip.attrExtents();
        if (nex == 0) {
            return;
        }
        long[] fork = new long[3];   // entries, ideal, end of the last extent in the file
        ForkWalk.walk(mp, dip, whichfork, (startoff, startblock, blockcount, unwritten) -> {
            if (fork[0] == 0 || startoff != fork[2]) {
                fork[1]++;
            }
            fork[0]++;
            fork[2] = startoff + blockcount;
        }, out);
        actual += fork[0];
        ideal += fork[1];
    }
}
