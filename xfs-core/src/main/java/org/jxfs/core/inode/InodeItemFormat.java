// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.inode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jxfs.core.format.BigEndian;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.format.InodeLogFormat;
import org.jxfs.core.format.LogBmbtRoot;
import org.jxfs.core.format.LogDinode;
import org.jxfs.core.mount.Mount;

/**
 * Ports xfs_inode_item_format: the log regions of an inode item, as the kernel writes them for a v3 inode: the
 * xfs_inode_log_format, the core in host order, then the data fork (extent records, local bytes or the btree root
 * in its in-memory form) and the attr fork, each present only when it has something to say.
 */
final class InodeItemFormat {
    private InodeItemFormat() {
    }

    /** The regions for {@code ip} as it stands now (the caller holds it locked in the committing transaction). */
    static byte[][] format(Mount mp, Inode ip) {
        if (ip.dataForkIncore instanceof IncoreFork fork) {
            fork.flush(ip);
        }
        byte[] disk = new byte[ip.inodesize];
        ip.toDisk(disk, 0);
        List<byte[]> regions = new ArrayList<>(4);
        regions.add(null);
        regions.add(LogDinode.fromDisk(disk, 0));
        int fields = InodeLogFormat.CORE;
        int dsize = 0;
        long rdev = 0;
        int dforkSize = ip.dataForkSize();
        switch (ip.format) {
            case Dinode.FMT_EXTENTS -> {
                int bytes = (int) ip.nextents * Dinode.BMBT_REC_LEN;
                if (bytes > 0) {
                    regions.add(Arrays.copyOf(ip.dataFork, bytes));
                    fields |= InodeLogFormat.DEXT;
                    dsize = bytes;
                }
            }
            case Dinode.FMT_LOCAL -> {
                int bytes = (int) Math.min(ip.size, dforkSize);
                if (bytes > 0) {
                    regions.add(Arrays.copyOf(ip.dataFork, roundUp4(bytes)));
                    fields |= InodeLogFormat.DDATA;
                    dsize = bytes;
                }
            }
            case Dinode.FMT_BTREE -> {
                byte[] root = LogBmbtRoot.fromDisk(ip.dataFork, dforkSize, ip.ino, mp.metaUuid());
                regions.add(root);
                fields |= InodeLogFormat.DBROOT;
                dsize = root.length;
            }
            case Dinode.FMT_DEV -> {
                fields |= InodeLogFormat.DEV;
                rdev = BigEndian.u32(ip.dataFork, 0);
            }
            default -> {
            }
        }
        int asize = 0;
        if (ip.forkoff != 0) {
            int aforkSize = ip.attrFork.length;
            switch (ip.aformat) {
                case Dinode.FMT_LOCAL -> {
                    // xfs_attr_sf_hdr.totsize: the shortform attr fork's bytes in use
                    int bytes = Math.min(BigEndian.u16(ip.attrFork, 0), aforkSize);
                    if (bytes > 0) {
                        regions.add(Arrays.copyOf(ip.attrFork, roundUp4(bytes)));
                        fields |= InodeLogFormat.ADATA;
                        asize = bytes;
                    }
                }
                case Dinode.FMT_EXTENTS -> {
                    int bytes = ip.anextents * Dinode.BMBT_REC_LEN;
                    if (bytes > 0) {
                        regions.add(Arrays.copyOf(ip.attrFork, bytes));
                        fields |= InodeLogFormat.AEXT;
                        asize = bytes;
                    }
                }
                case Dinode.FMT_BTREE -> {
                    byte[] root = LogBmbtRoot.fromDisk(ip.attrFork, aforkSize, ip.ino, mp.metaUuid());
                    regions.add(root);
                    fields |= InodeLogFormat.ABROOT;
                    asize = root.length;
                }
                default -> {
                }
            }
        }
        InodeCache ic = mp.inodeCache();
        regions.set(0, InodeLogFormat.encode(regions.size(), fields, asize, dsize, ip.ino, rdev,
                ic.clusterDaddr(ip.ino), ic.clusterBb(), ic.offsetInCluster(ip.ino)));
        return regions.toArray(new byte[0][]);
    }

    private static int roundUp4(int n) {
        return (n + 3) & ~3;
    }
}
