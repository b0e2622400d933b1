// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.bmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jxfs.bmap.BmapUtil;
import org.jxfs.bmap.Bmapi;
import org.jxfs.bmap.BmapiFlags;
import org.jxfs.bmap.BmbtIrec;
import org.jxfs.bmap.Ifork;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.format.Dir2Sf;
import org.jxfs.core.format.Dir2SfEntry;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.ialloc.Ialloc;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.inode.InodeInit;
import org.jxfs.core.inode.InodeLog;
import org.jxfs.core.mkfs.Mkfs;
import org.jxfs.core.mkfs.MkfsOptions;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.trans.Trans;
import org.jxfs.core.trans.TransResv;
import org.jxfs.tests.oracle.LoopMount;
import org.junit.jupiter.api.Test;

/**
 * A file whose data fork jxfs built (BTREE format: preallocated, then every other block converted to written with
 * data, so the unwritten and written extents alternate), read by the kernel: written blocks return their data,
 * unwritten ones zeroes even though their disk blocks hold junk. Then xfs_repair -n.
 */
class BmapKernelReadTest {
    private static final int BS = 4096;
    private static final int BLOCKS = 200;

    @Test
    void kernelReadsBtreeForkWithUnwrittenExtents() throws Exception {
        Path dir = Path.of("target", "bmap-kernel");
        Files.createDirectories(dir);
        Path img = dir.resolve("bmap-kernel.img");
        Files.deleteIfExists(img);
        Mkfs.format(img, MkfsOptions.builder().blockSize(BS).dataSize(64L << 20).quiet(true).build());
        long ino;
        try (Mount mp = Mount.open(img, false)) {
            Geometry geo = mp.geometry();
            Inode ip = create(mp, "data");
            ino = ip.ino;
            BmapUtil.allocFileSpace(mp, ip, 0, (long) BLOCKS * BS);
            BmbtIrec[] m = new BmbtIrec[1];
            assertThat(Bmapi.read(mp, ip, 0, BLOCKS, 0, m)).isEqualTo(1);
            long base = Geometry.bbToB(geo.fsbToDaddr(m[0].startblock()));
            byte[] junk = new byte[BS];
            Arrays.fill(junk, (byte) 0x77);
            for (int b = 0; b < BLOCKS; b++) {
                mp.device().write(base + (long) b * BS, junk, 0, BS);
            }
            for (int b = 0; b < BLOCKS; b += 2) {
                byte[] data = new byte[BS];
                Arrays.fill(data, (byte) (b & 0x7f | 1));
                mp.device().write(base + (long) b * BS, data, 0, BS);
                try (Trans tp = Trans.alloc(mp, TransResv.WRITE, BmapUtil.diostratSpaceRes(mp, 0) * 2)) {
                    ip.ilock.writeLock().lock();
                    try {
                        Bmapi.write(tp, ip, b, 1, BmapiFlags.CONVERT, m);
                        tp.commit();
                    } finally {
                        ip.ilock.writeLock().unlock();
                    }
                }
            }
            assertThat(ip.format).isEqualTo(Dinode.FMT_BTREE);
            try (Trans tp = Trans.alloc(mp, TransResv.WRITE, 0)) {
                ip.setSize((long) BLOCKS * BS);
                Ifork.logExtents(tp, ip);
                tp.commit();
            }
        }
        try (LoopMount lm = LoopMount.mount(img, dir.resolve("mnt"))) {
            byte[] content = Files.readAllBytes(lm.path("data"));
            assertThat(content).hasSize(BLOCKS * BS);
            for (int b = 0; b < BLOCKS; b++) {
                byte want = b % 2 == 0 ? (byte) (b & 0x7f | 1) : 0;
                for (int i = 0; i < BS; i += 512) {
                    assertThat(content[b * BS + i]).as("block %d byte %d", b, i).isEqualTo(want);
                }
            }
        }
        Process p = new ProcessBuilder("/usr/sbin/xfs_repair", "-n", "-f", img.toString()).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("xfs_repair -n on inode %d:%n%s", ino, out).isEqualTo(0);
    }

    private static Inode create(Mount mp, String name) throws Exception {
        long rootino = mp.sb().rootino();
        int mode = Dinode.S_IFREG | 0644;
        try (Trans tp = Trans.alloc(mp, TransResv.CREATE, Ialloc.spaceRes(mp))) {
            long ino = Ialloc.dialloc(tp, mp, rootino, mode);
            Inode ip = InodeInit.initNew(tp, mp, ino, mode, rootino);
            Inode dp = mp.inodeCache().iget(tp, rootino);
            boolean ftype = mp.features().ftype();
            List<Dir2SfEntry> ents = new ArrayList<>(Dir2Sf.entries(dp.dataFork, 0, ftype));
            ents.add(Dir2SfEntry.of(name, Dir2Sf.FT_REG_FILE, ino));
            dp.setSize(Dir2Sf.write(dp.dataFork, 0, Dir2Sf.parent(dp.dataFork, 0), ents, ftype));
            InodeLog.log(tp, mp, dp);
            tp.commit();
            return ip;
        }
    }
}
