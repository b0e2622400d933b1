// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.inode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.format.DiskTimestamp;
import org.jxfs.core.mkfs.Mkfs;
import org.jxfs.core.mkfs.MkfsOptions;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.trans.Trans;
import org.jxfs.core.trans.TransResv;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The in-core inode, the cache and the inode log item on a real image. */
class InodeTest {
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void logWritesCoreBackWithChangecountAndTimestamps(boolean bigtime) throws Exception {
        Path dir = Path.of("target", "inode-tests");
        Files.createDirectories(dir);
        Path img = dir.resolve("inode-" + bigtime + ".img");
        Files.deleteIfExists(img);
        Mkfs.format(img, MkfsOptions.builder().dataSize(64L << 20).bigtime(bigtime).inobtcount(bigtime)
                .finobt(bigtime).quiet(true).force(true).build());
        long rootino;
        long cc;
        try (Mount mp = Mount.open(img, false)) {
            rootino = mp.sb().rootino();
            Inode ip = mp.inodeCache().iget(null, rootino);
            assertThat(mp.inodeCache().iget(null, rootino)).isSameAs(ip);
            assertThat(ip.isDir()).isTrue();
            cc = ip.changecount;
            try (Trans tp = Trans.alloc(mp, TransResv.ICHANGE, 0)) {
                ip.ilock.writeLock().lock();
                ip.touchModChg(1_700_000_000L, 123_456_789L);
                ip.uid = 1000;
                InodeLog.log(tp, mp, ip);
                InodeLog.log(tp, mp, ip);
                tp.commit();
                ip.ilock.writeLock().unlock();
            }
            assertThat(ip.changecount).as("bumped once per transaction").isEqualTo(cc + 1);
            // The inode's log item is kept with it (i_itemp): the next transaction counts again, once.
            try (Trans tp = Trans.alloc(mp, TransResv.ICHANGE, 0)) {
                ip.ilock.writeLock().lock();
                InodeLog.log(tp, mp, ip);
                InodeLog.log(tp, mp, ip);
                tp.commit();
                ip.ilock.writeLock().unlock();
            }
            assertThat(ip.changecount).as("and once in the next").isEqualTo(cc + 2);
        }
        try (Mount mp = Mount.open(img, false)) {
            Inode ip = mp.inodeCache().iget(null, rootino);
            assertThat(ip.uid).isEqualTo(1000);
            assertThat(ip.mtimeSec).isEqualTo(1_700_000_000L);
            assertThat(ip.mtimeNsec).isEqualTo(123_456_789L);
            assertThat(ip.changecount).isEqualTo(cc + 2);
            assertThat(ip.dataFork.length).isEqualTo(mp.geometry().inodesize - Dinode.CORE_SIZE);
            byte[] b = new byte[mp.geometry().inodesize];
            mp.device().read(mp.geometry().inoToByte(rootino), b, 0, b.length);
            Dinode d = new Dinode(b, 0);
            boolean big = (d.flags2() & Dinode.DIFLAG2_BIGTIME) != 0;
            assertThat(DiskTimestamp.seconds(big, d.time(Dinode.OFF_MTIME))).isEqualTo(1_700_000_000L);
            assertThat(Dinode.verifyCrc(b, 0, b.length)).isTrue();
        }
    }

    /**
     * An inode change reaches its cluster buffer when the mount writes back (the AIL push), not at commit: many
     * transactions on one inode encode it once, and what is then written is the last committed state, with its CRC.
     */
    @org.junit.jupiter.api.Test
    void changesReachTheClusterBufferAtWritebackOnce() throws Exception {
        Path dir = Path.of("target", "inode-tests");
        Files.createDirectories(dir);
        Path img = dir.resolve("inode-flush.img");
        Files.deleteIfExists(img);
        Mkfs.format(img, MkfsOptions.builder().dataSize(64L << 20).quiet(true).force(true).build());
        try (Mount mp = Mount.open(img, false)) {
            long rootino = mp.sb().rootino();
            InodeCache ic = mp.inodeCache();
            Inode ip = ic.iget(null, rootino);
            byte[] cluster = mp.bufCache().read(ic.clusterDaddr(rootino), ic.clusterBb(), mp.inodeOps()).data();
            int off = ic.offsetInCluster(rootino);
            byte[] before = java.util.Arrays.copyOfRange(cluster, off, off + ip.inodesize);
            for (int uid = 1; uid <= 3; uid++) {
                try (Trans tp = Trans.alloc(mp, TransResv.ICHANGE, 0)) {
                    ip.ilock.writeLock().lock();
                    ip.uid = uid;
                    InodeLog.log(tp, mp, ip);
                    tp.commit();
                    ip.ilock.writeLock().unlock();
                }
            }
            assertThat(ic.flushPendingCount()).as("queued once for three commits").isEqualTo(1);
            assertThat(java.util.Arrays.copyOfRange(cluster, off, off + ip.inodesize))
                    .as("the cluster buffer still holds the inode as it was").isEqualTo(before);
            mp.sync();
            assertThat(ic.flushPendingCount()).isZero();
            Dinode d = new Dinode(cluster, off);
            assertThat(d.uid()).isEqualTo(3);
            assertThat(Dinode.verifyCrc(cluster, off, ip.inodesize)).isTrue();
            byte[] disk = new byte[ip.inodesize];
            mp.device().read(mp.geometry().inoToByte(rootino), disk, 0, disk.length);
            assertThat(disk).as("written to the image").isEqualTo(java.util.Arrays.copyOfRange(cluster, off,
                    off + ip.inodesize));
        }
    }
}
