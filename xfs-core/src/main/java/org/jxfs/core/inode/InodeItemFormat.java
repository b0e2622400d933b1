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
        long rdev = 0;
        int dsize = 0;
        if (ip.format == Dinode.FMT_DEV) {
            fields |= InodeLogFormat.DEV;
            rdev = BigEndian.u32(ip.dataFork, 0);
        } else {
            byte[] data = fork(ip.format, ip.dataFork, ip.dataForkSize(), ip.nextents,
                    (int) Math.min(ip.diskSize, ip.dataForkSize()), ip.ino, mp.metaUuid());
            if (data != null) {
                regions.add(data);
                fields |= FIELD[ip.format];
                dsize = ip.format == Dinode.FMT_LOCAL ? (int) Math.min(ip.diskSize, ip.dataForkSize()) : data.length;
            }
        }
        int asize = 0;
        if (ip.forkoff != 0) {
            // xfs_attr_sf_hdr.totsize: the shortform attr fork's bytes in use
            int local = Math.min(BigEndian.u16(ip.attrFork, 0), ip.attrFork.length);
            byte[] attr = fork(ip.aformat, ip.attrFork, ip.attrFork.length, ip.anextents, local, ip.ino,
                    mp.metaUuid());
            if (attr != null) {
                regions.add(attr);
                fields |= FIELD[ip.aformat] << InodeLogFormat.ATTR_SHIFT;
                asize = ip.aformat == Dinode.FMT_LOCAL ? local : attr.length;
            }
        }
        InodeCache ic = mp.inodeCache();
        regions.set(0, InodeLogFormat.encode(regions.size(), fields, asize, dsize, ip.ino, rdev,
                ic.clusterDaddr(ip.ino), ic.clusterBb(), ic.offsetInCluster(ip.ino)));
        return regions.toArray(new byte[0][]);
    }

    /** The data-fork field bit of each fork format (LOCAL, EXTENTS, BTREE); the attr bits are these shifted. */
    private static final int[] FIELD = {0, InodeLogFormat.DDATA, InodeLogFormat.DEXT, InodeLogFormat.DBROOT};

    /**
     * Ports xfs_inode_item_format_data_fork / _attr_fork for one fork: the region logged for a fork of
     * {@code format} (extent records, the {@code localBytes} in use of a local fork padded to 4 bytes, or the root
     * in its in-memory form), or null when there is nothing to log (no extents, an empty local fork).
     */
    private static byte[] fork(int format, byte[] fork, int forkSize, long nextents, int localBytes, long ino,
            byte[] metaUuid) {
        switch (format) {
            case Dinode.FMT_EXTENTS -> {
                int bytes = (int) nextents * Dinode.BMBT_REC_LEN;
                return bytes > 0 ? Arrays.copyOf(fork, bytes) : null;
            }
            case Dinode.FMT_LOCAL -> {
                return localBytes > 0 ? Arrays.copyOf(fork, roundUp4(localBytes)) : null;
            }
            case Dinode.FMT_BTREE -> {
                return LogBmbtRoot.fromDisk(fork, forkSize, ino, metaUuid);
            }
            default -> {
                return null;
            }
        }
    }

    private static int roundUp4(int n) {
        return (n + 3) & ~3;
    }
}
